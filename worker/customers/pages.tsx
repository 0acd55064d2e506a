import { Hono } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { getCustomer, listCustomers } from './queries';
import { customerIdParam, customerListQuery } from './customer-input';
import { notFound } from '../platform/http/errors';
import { isHtmx } from '../platform/http/request';
import { validate } from '../platform/http/validate';
import {
  CustomerDetailPage,
  CustomerListPage,
  CustomerRows,
} from '../../views/customers/customers';

/** Customer pages for browsers; the same queries back /api/v1/customers. */
export const customerPages = new Hono<AppEnv>()
  .use(requireCapability('browseCustomers'))
  .get('/', validate('query', customerListQuery), async (c) => {
    const { q, cursor, limit } = c.req.valid('query');
    const page = await listCustomers(c.var.db, currentUser(c), { query: q, cursor, limit });
    // Search-as-you-type and "more" ask htmx for rows only; without JS the same URL is a full page.
    if (isHtmx(c) && c.req.header('hx-history-restore-request') !== 'true')
      return c.render(<CustomerRows page={page} query={q ?? ''} />);
    return c.render(<CustomerListPage page={page} query={q ?? ''} />);
  })
  .get('/:id', validate('param', customerIdParam), async (c) => {
    const customer = await getCustomer(c.var.db, currentUser(c), c.req.valid('param').id);
    if (!customer) throw notFound();
    const notice = c.req.query('saved') ? c.var.t('visit.saved') : undefined;
    return c.render(<CustomerDetailPage customer={customer} notice={notice} />);
  });
