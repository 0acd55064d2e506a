import { Hono, type Context } from 'hono';
import type { ZodError } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { mayEdit } from '../platform/access/policy';
import { getCustomer, listCustomers } from './queries';
import { documented } from '../platform/http/api-doc';
import { createOnceFromApi, idempotencyKeyHeader } from '../platform/http/create-once';
import { HttpError, notFound } from '../platform/http/errors';
import { readJson } from '../platform/http/request';
import { validate } from '../platform/http/validate';
import { translator } from '../platform/i18n';
import { afterResponse, startTimers, stopTimers } from '../tasks/timers';
import {
  customerCreateBody,
  customerIdParam,
  customerListQuery,
  customerPatchBody,
} from './customer-input';
import { newCustomer, updateCustomer } from './create-customer';
import { findPossibleDuplicates } from './duplicate-query';
import { setArchived } from './archive';

const english = translator('en');

/** Field problems in English (the schemas speak catalog keys, shown at each field on the pages). */
function invalid(issues: { path: PropertyKey[]; message: string }[] | Record<string, string>) {
  const list = Array.isArray(issues)
    ? issues.map((issue) => ({ path: issue.path.map(String).join('.'), key: issue.message }))
    : Object.entries(issues).map(([path, key]) => ({ path, key }));
  const firstPerField = list.filter(
    (issue, index) => list.findIndex((other) => other.path === issue.path) === index,
  );
  const details = firstPerField.map(({ path, key }) => ({
    path,
    message: key.startsWith('customer.error.') ? english(key as 'customer.error.invalid') : key,
  }));
  return new HttpError(
    422,
    'invalid_customer',
    details.map((d) => `${d.path}: ${d.message}`).join('; '),
    details,
  );
}

async function body<T>(
  c: Context<AppEnv>,
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError };
  },
): Promise<T> {
  const parsed = schema.safeParse(await readJson(c));
  if (!parsed.success) throw invalid(parsed.error.issues);
  return parsed.data;
}

function requireEditor(c: Context<AppEnv>) {
  const user = currentUser(c);
  if (!mayEdit(user, 'customers'))
    throw new HttpError(403, 'forbidden', 'Your role does not have access to this.');
  return user;
}

const archiveRoute = (archive: boolean) => async (c: Context<AppEnv>) => {
  const user = requireEditor(c);
  const id = c.req.param('id') ?? '';
  const outcome = await setArchived(c.var.db, user, id, archive, Date.now());
  if (!outcome) throw notFound();
  afterResponse(
    c.executionCtx,
    (archive ? stopTimers : startTimers)(c.env, outcome.regionId, outcome.timers),
  );
  return c.json(await getCustomer(c.var.db, user, id));
};

/** `/api/v1/customers`: the caller's customers, scoped exactly like the pages. */
export const customerApi = new Hono<AppEnv>()
  .get(
    '/',
    documented({
      summary:
        "Customers in the caller's scope, soonest follow-up first (archived ones with `archived=1`)",
      query: customerListQuery,
      responses: { '200': { description: '`{ items, nextCursor }`' } },
    }),
    validate('query', customerListQuery),
    async (c) => {
      const { q, cursor, limit, archived } = c.req.valid('query');
      const page = await listCustomers(c.var.db, currentUser(c), {
        query: q,
        cursor,
        limit,
        archived: archived === '1',
      });
      return c.json(page);
    },
  )
  .post(
    '/',
    documented({
      summary:
        'Create a customer ({name, phone, cityId} at least; a rep in their own city for themselves, a manager for a rep of the region). A possible duplicate (same phone or email, or same name in the city) is refused with 409 `possible_duplicate` listing them, unless `allowDuplicate: true`.',
      headers: [idempotencyKeyHeader],
      body: { json: customerCreateBody },
      responses: {
        '201': { description: 'The customer, as `GET /api/v1/customers/{id}` shows it' },
        '200': {
          description: 'A replay of the same Idempotency-Key: the customer already created',
        },
      },
      errors: {
        '409': '`possible_duplicate`: `details` lists the existing customers and why',
        '422': '`invalid_customer`: `details` lists each field and its problem',
      },
    }),
    async (c) => {
      const user = requireEditor(c);
      return createOnceFromApi(c, 'api.customers.create', async () => {
        const input = await body(c, customerCreateBody);
        const created = await newCustomer(c.var.db, user, input, Date.now());
        if ('errors' in created) throw invalid(created.errors);
        if (!input.allowDuplicate) {
          const duplicates = await findPossibleDuplicates(c.var.db, user, input);
          if (duplicates.length > 0)
            throw new HttpError(
              409,
              'possible_duplicate',
              'A customer with this phone, email or name in the city may already exist. Send "allowDuplicate": true to create it anyway.',
              duplicates.map(({ id, name, cityId, archivedAt, reasons }) => ({
                id,
                name,
                cityId,
                archived: archivedAt !== null,
                reasons,
              })),
            );
        }
        return { body: created.detail, statements: created.statements };
      });
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
  )
  .patch(
    '/:id',
    documented({
      summary:
        'Change any of a customer’s fields (null clears an optional one); within edit scope, else 404',
      params: customerIdParam,
      body: { json: customerPatchBody },
      responses: { '200': { description: 'The customer' } },
      errors: { '422': '`invalid_customer`: `details` lists each field and its problem' },
    }),
    validate('param', customerIdParam),
    async (c) => {
      const user = requireEditor(c);
      const { id } = c.req.valid('param');
      const changes = await body(c, customerPatchBody);
      const outcome = await updateCustomer(c.var.db, user, id, changes, Date.now());
      if (!outcome) throw notFound();
      if ('errors' in outcome) throw invalid(outcome.errors);
      return c.json(await getCustomer(c.var.db, user, id));
    },
  )
  .post(
    '/:id/archive',
    documented({
      summary:
        'Archive a customer: it leaves lists, counts and timers; every record stays (a repeat changes nothing)',
      params: customerIdParam,
      responses: { '200': { description: 'The customer, with `archivedAt`' } },
    }),
    validate('param', customerIdParam),
    archiveRoute(true),
  )
  .post(
    '/:id/restore',
    documented({
      summary: 'Restore an archived customer with its contacts, deals and timers',
      params: customerIdParam,
      responses: { '200': { description: 'The customer' } },
    }),
    validate('param', customerIdParam),
    archiveRoute(false),
  );
