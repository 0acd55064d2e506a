import { Hono } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { getCustomer, listCustomers } from './queries';
import { notFound } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import { customerIdParam, customerListQuery } from './pages';

/** `/api/v1/customers`: the caller's customers, scoped exactly like the pages. */
export const customerApi = new Hono<AppEnv>()
  .get('/', validate('query', customerListQuery), async (c) => {
    const { q, cursor, limit } = c.req.valid('query');
    const page = await listCustomers(c.var.db, currentUser(c), { query: q, cursor, limit });
    return c.json(page);
  })
  .get('/:id', validate('param', customerIdParam), async (c) => {
    const customer = await getCustomer(c.var.db, currentUser(c), c.req.valid('param').id);
    if (!customer) throw notFound();
    return c.json(customer);
  });
