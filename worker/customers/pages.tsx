import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { decodeCursor, getCustomer, listCustomers } from './queries';
import { notFound } from '../platform/http/errors';
import { isHtmx } from '../platform/http/request';
import { validate } from '../platform/http/validate';
import { CustomerDetailPage, CustomerListPage, CustomerRows } from '../../views/customers/customers';

export const PAGE_SIZE = 25;

export const customerListQuery = z.object({
  q: z.string().max(100).optional(),
  cursor: z
    .string()
    .max(400)
    .optional()
    .transform((text, ctx) => {
      if (!text) return null;
      const cursor = decodeCursor(text);
      if (!cursor) ctx.addIssue({ code: 'custom', message: 'Unknown cursor; start again from the first page.' });
      return cursor;
    }),
  limit: z.coerce.number().int().min(1).max(100).default(PAGE_SIZE),
});

export const customerIdParam = z.object({ id: z.string().min(1).max(64) });

/** Customer pages for browsers; the same queries back /api/v1/customers. */
export const customerPages = new Hono<AppEnv>()
  .use(requireCapability('browseCustomers'))
  .get('/', validate('query', customerListQuery), async (c) => {
    const { q, cursor, limit } = c.req.valid('query');
    const page = await listCustomers(c.var.db, currentUser(c), { query: q, cursor, limit });
    // Search-as-you-type and "more" ask htmx for rows only; without JS the same URL is a full page.
    if (isHtmx(c) && c.req.header('hx-history-restore-request') !== 'true') return c.render(<CustomerRows page={page} query={q ?? ''} />);
    return c.render(<CustomerListPage page={page} query={q ?? ''} />);
  })
  .get('/:id', validate('param', customerIdParam), async (c) => {
    const customer = await getCustomer(c.var.db, currentUser(c), c.req.valid('param').id);
    if (!customer) throw notFound();
    const notice = c.req.query('saved') ? c.var.t('visit.saved') : undefined;
    return c.render(<CustomerDetailPage customer={customer} notice={notice} />);
  });
