import { Hono } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { getCustomer, listCustomers } from './queries';
import { documented } from '../platform/http/api-doc';
import { notFound } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import { customerIdParam, customerListQuery } from './customer-input';

/** `/api/v1/customers`: the caller's customers, scoped exactly like the pages. */
export const customerApi = new Hono<AppEnv>()
  .get(
    '/',
    documented({
      summary: "Customers in the caller's scope, soonest follow-up first",
      query: customerListQuery,
      responses: { '200': { description: '`{ items, nextCursor }`' } },
    }),
    validate('query', customerListQuery),
    async (c) => {
      const { q, cursor, limit } = c.req.valid('query');
      const page = await listCustomers(c.var.db, currentUser(c), { query: q, cursor, limit });
      return c.json(page);
    },
  )
  .get(
    '/:id',
    documented({
      summary:
        'One customer with contacts, decision-chain coverage, open deals, contracts and the newest page of its timeline',
      params: customerIdParam,
      responses: { '200': { description: 'The customer' } },
    }),
    validate('param', customerIdParam),
    async (c) => {
      const customer = await getCustomer(c.var.db, currentUser(c), c.req.valid('param').id);
      if (!customer) throw notFound();
      return c.json(customer);
    },
  );
