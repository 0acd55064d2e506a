import { Hono, type Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { documented } from '../platform/http/api-doc';
import { createOnceFromApi, idempotencyKeyHeader } from '../platform/http/create-once';
import { HttpError, notFound } from '../platform/http/errors';
import { readJson } from '../platform/http/request';
import { invalidRequest, validate } from '../platform/http/validate';
import type { Refused } from '../contracts/contracts';
import { customerCreateRequest, recordTimeZone } from '../contracts/create-request';
import {
  orderCreateBody,
  orderCreateSchema,
  orderIdParam,
  orderListQuery,
  orderPatchBody,
  orderPatchSchema,
  paymentCreateBody,
  paymentCreateSchema,
  paymentParams,
  paymentPatchBody,
  paymentPatchSchema,
} from './order-input';
import {
  addPayment,
  createOrder,
  getOrder,
  listOrders,
  markPaymentPaid,
  updateOrder,
} from './orders';

function refusal(c: Context<AppEnv>, refused: Refused): HttpError {
  return new HttpError(422, 'order_refused', c.var.t(refused.refused), {
    field: refused.field ?? null,
  });
}

/** The API's view of an order: money in minor units with its currency, times in epoch ms. */
async function orderJson(c: Context<AppEnv>, id: string) {
  const order = await getOrder(c.var.db, currentUser(c), id);
  if (!order) throw notFound();
  const { editable: _, timeZone: __, ...rest } = order;
  return rest;
}

/** `/api/v1/orders`: the same rules as the pages (read scope to see, edit scope to change). */
export const orderApi = new Hono<AppEnv>()
  .get(
    '/',
    documented({
      summary:
        "Orders in the caller's read scope, newest first: `customerId` for one customer's, keyset-paged by `cursor`/`limit`",
      query: orderListQuery,
      responses: { '200': { description: '`{ items, nextCursor }`' } },
    }),
    validate('query', orderListQuery),
    async (c) => c.json(await listOrders(c.var.db, currentUser(c), c.req.valid('query'))),
  )
  .post(
    '/',
    documented({
      summary:
        'Create an order with its lines (amount = sum of quantity × unit price), optionally under a contract and with a payment due',
      headers: [idempotencyKeyHeader],
      body: { json: orderCreateBody },
      responses: {
        '201': { description: 'The order created' },
        '200': { description: 'The order created by an earlier request with the same key' },
      },
      errors: { '422': '`order_refused`: e.g. a contract of another customer' },
    }),
    async (c) => {
      const user = currentUser(c);
      const { customer, data } = await customerCreateRequest(c, orderCreateSchema);
      const input = {
        orderedAt: data.orderedAt,
        currency: data.currency,
        contractId: data.contractId ?? null,
        lines: data.lines,
        paymentDueAt: data.paymentDueAt ?? null,
      };
      return createOnceFromApi(c, '/api/v1/orders', async () => {
        const created = await createOrder(c.var.db, user, customer, input);
        if ('refused' in created) {
          if (!created.field) throw notFound();
          throw refusal(c, created);
        }
        return {
          body: {
            id: created.id,
            customerId: customer.id,
            ...input,
            amountCents: created.amountCents,
            status: 'placed',
            paymentId: created.paymentId,
          },
          statements: created.statements,
        };
      });
    },
  )
  .get(
    '/:id',
    documented({
      summary: 'One order with its lines and payments',
      params: orderIdParam,
      responses: { '200': { description: 'The order' } },
    }),
    validate('param', orderIdParam),
    async (c) => c.json(await orderJson(c, c.req.valid('param').id)),
  )
  .patch(
    '/:id',
    documented({
      summary:
        'Change an order: date, currency, contract, lines (the amount follows) or status (placed → delivered / cancelled)',
      params: orderIdParam,
      body: { json: orderPatchBody },
      responses: { '200': { description: 'The order after the change' } },
      errors: { '422': '`order_refused`: archived, or a status move not allowed' },
    }),
    validate('param', orderIdParam),
    async (c) => {
      const id = c.req.valid('param').id;
      const parsed = orderPatchSchema(await recordTimeZone(c, 'orders', id)).safeParse(
        await readJson(c),
      );
      if (!parsed.success) throw invalidRequest(parsed.error.issues, c.var.t);
      const change = Object.fromEntries(
        Object.entries(parsed.data).filter(([, value]) => value !== undefined),
      );
      const updated = await updateOrder(c.var.db, currentUser(c), id, change);
      if (!updated) throw notFound();
      if ('refused' in updated) throw refusal(c, updated);
      return c.json(await orderJson(c, id));
    },
  )
  .post(
    '/:id/payments',
    documented({
      summary: 'Add a payment due on the order',
      params: orderIdParam,
      body: { json: paymentCreateBody },
      responses: { '201': { description: 'The order with the new payment' } },
      errors: { '422': '`order_refused`: the order is archived' },
    }),
    validate('param', orderIdParam),
    async (c) => {
      const id = c.req.valid('param').id;
      const parsed = paymentCreateSchema(await recordTimeZone(c, 'orders', id)).safeParse(
        await readJson(c),
      );
      if (!parsed.success) throw invalidRequest(parsed.error.issues, c.var.t);
      const added = await addPayment(c.var.db, currentUser(c), id, parsed.data);
      if (!added) throw notFound();
      if ('refused' in added) throw refusal(c, added);
      return c.json({ paymentId: added.id, order: await orderJson(c, id) }, 201);
    },
  )
  .patch(
    '/:id/payments/:paymentId',
    documented({
      summary: 'Record when a payment was paid',
      params: paymentParams,
      body: { json: paymentPatchBody },
      responses: { '200': { description: 'The order after the change' } },
      errors: { '422': '`order_refused`: already paid, or the order is archived' },
    }),
    validate('param', paymentParams),
    async (c) => {
      const { id, paymentId } = c.req.valid('param');
      const parsed = paymentPatchSchema(await recordTimeZone(c, 'orders', id)).safeParse(
        await readJson(c),
      );
      if (!parsed.success) throw invalidRequest(parsed.error.issues, c.var.t);
      const paid = await markPaymentPaid(
        c.var.db,
        currentUser(c),
        id,
        paymentId,
        parsed.data.paidAt,
      );
      if (!paid) throw notFound();
      if ('refused' in paid) throw refusal(c, paid);
      return c.json(await orderJson(c, id));
    },
  );
