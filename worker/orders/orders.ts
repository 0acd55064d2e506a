/**
 * Orders of the sales book (what a customer bought, under a contract or not), their lines and the
 * payments due on them. An order, its lines, its first payment and the audit entry go in one batch.
 */
import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../platform/db/client';
import { contracts, customers, orderLines, orders, payments, regions } from '../platform/db/schema';
import { aliased, aliasedColumns } from '../platform/db/aliased';
import { mayEditRecord, mayPlaceRecord, type Viewer } from '../platform/access/policy';
import { editableById, inScope, scopedById } from '../platform/access/scope';
import { afterCursor, pageOf } from '../platform/db/keyset';
import { recordChange } from '../platform/audit/record-change';
import { setArchivedInEditScope } from '../platform/audit/archival';
import type { Refused, RecordCustomer } from '../contracts/contracts';
import type { OrderInput, OrderLineInput } from './order-input';
import { mayMoveOrder, orderAmountCents, type OrderStatus } from './rules';

type Statements = [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];

/** The contract an order may hang off: one of the same customer's, not archived. */
/** A current contract of the customer (an id, or a subquery for it), for an order to go under. */
function contractOfCustomerQuery(db: Database, contractId: string, customerId: string | SQL) {
  return db
    .select({ id: contracts.id })
    .from(contracts)
    .where(
      and(
        eq(contracts.id, contractId),
        eq(contracts.customerId, customerId),
        isNull(contracts.archivedAt),
      ),
    )
    .limit(1);
}

async function contractOfCustomer(db: Database, contractId: string, customerId: string) {
  const [row] = await contractOfCustomerQuery(db, contractId, customerId);
  return Boolean(row);
}

function lineRows(orderId: string, lines: readonly OrderLineInput[]) {
  return lines.map((line, index) => ({
    id: `${orderId}_${index + 1}`,
    orderId,
    product: line.product,
    quantity: line.quantity,
    unitPriceCents: line.unitPriceCents,
    position: index + 1,
  }));
}

/** The statements that create an order on `customer`, or why not. */
export async function createOrder(
  db: Database,
  viewer: Viewer,
  customer: RecordCustomer,
  input: OrderInput,
  now = Date.now(),
): Promise<
  { id: string; amountCents: number; paymentId: string | null; statements: Statements } | Refused
> {
  const place = { regionId: customer.regionId, cityId: customer.cityId, ownerId: customer.ownerId };
  if (!mayPlaceRecord(viewer, 'orders', place)) return { refused: 'error.notFound' };
  if (input.contractId && !(await contractOfCustomer(db, input.contractId, customer.id)))
    return { refused: 'order.error.contract', field: 'contractId' };
  const id = `ord_${crypto.randomUUID()}`;
  const amountCents = orderAmountCents(input.lines);
  const paymentId = input.paymentDueAt === null ? null : `pay_${crypto.randomUUID()}`;
  const statements: Statements = [
    db.insert(orders).values({
      id,
      customerId: customer.id,
      contractId: input.contractId,
      ownerId: customer.ownerId,
      regionId: customer.regionId,
      orderedAt: input.orderedAt,
      amountCents,
      currency: input.currency,
      status: 'placed',
      createdAt: now,
      updatedAt: now,
    }),
    db.insert(orderLines).values(lineRows(id, input.lines)),
    recordChange(db, {
      actorId: viewer.id,
      action: 'order.created',
      subjectType: 'order',
      subjectId: id,
      customerId: customer.id,
      after: {
        orderedAt: input.orderedAt,
        amountCents,
        currency: input.currency,
        contractId: input.contractId,
        lines: input.lines,
      },
      now,
    }),
  ];
  if (paymentId && input.paymentDueAt !== null)
    statements.push(
      db.insert(payments).values({
        id: paymentId,
        orderId: id,
        customerId: customer.id,
        amountCents,
        dueAt: input.paymentDueAt,
        createdAt: now,
      }),
    );
  return { id, amountCents, paymentId, statements };
}

const editableOrderQuery = (db: Database, viewer: Viewer, id: string) =>
  db
    .select()
    .from(orders)
    .where(editableById(viewer, 'orders', orders.id, id))
    .limit(1);

async function editableOrder(db: Database, viewer: Viewer, id: string) {
  const [row] = await editableOrderQuery(db, viewer, id);
  return row ?? null;
}

export type OrderChange = Partial<{
  orderedAt: number;
  currency: string;
  contractId: string | null;
  lines: OrderLineInput[];
  status: OrderStatus;
}>;

/** An edit (date, currency, contract, lines, status); null when not the viewer's to change. */
export async function updateOrder(
  db: Database,
  viewer: Viewer,
  id: string,
  change: OrderChange,
  now = Date.now(),
): Promise<{ updated: true } | Refused | null> {
  // The order and, when a contract is named, whether it is the order's customer's: one round trip.
  const orderCustomer = sql`(select ${orders.customerId} from ${orders} where ${orders.id} = ${id})`;
  const [orderRows, contractRows] = await db.batch([
    editableOrderQuery(db, viewer, id),
    contractOfCustomerQuery(db, change.contractId ?? '', orderCustomer),
  ]);
  const order = orderRows[0];
  if (!order) return null;
  if (order.archivedAt !== null) return { refused: 'order.error.archived' };
  if (change.status && !mayMoveOrder(order.status, change.status))
    return { refused: 'order.error.transition', field: 'status' };
  if (change.contractId && contractRows.length === 0)
    return { refused: 'order.error.contract', field: 'contractId' };
  const { lines, ...columns } = change;
  const set = {
    ...columns,
    ...(lines ? { amountCents: orderAmountCents(lines) } : {}),
    // Delivery is dated when it is recorded.
    ...(change.status === 'delivered' && order.status !== 'delivered' ? { deliveredAt: now } : {}),
    updatedAt: now,
  };
  const before = Object.fromEntries(
    Object.keys(set)
      .filter((field) => field !== 'updatedAt')
      .map((field) => [field, order[field as keyof typeof order]]),
  );
  const { updatedAt: _, ...after } = set;
  const statements: Statements = [
    db.update(orders).set(set).where(eq(orders.id, id)),
    recordChange(db, {
      actorId: viewer.id,
      action:
        change.status && change.status !== order.status ? 'order.status_changed' : 'order.updated',
      subjectType: 'order',
      subjectId: id,
      customerId: order.customerId,
      before,
      after: lines ? { ...after, lines } : after,
      now,
    }),
  ];
  if (lines)
    statements.push(
      db.delete(orderLines).where(eq(orderLines.orderId, id)),
      db.insert(orderLines).values(lineRows(id, lines)),
    );
  await db.batch(statements);
  return { updated: true };
}

/** A payment due on the order; null when not the viewer's to change. */
export async function addPayment(
  db: Database,
  viewer: Viewer,
  orderId: string,
  payment: { amountCents: number; dueAt: number },
  now = Date.now(),
): Promise<{ id: string } | Refused | null> {
  const order = await editableOrder(db, viewer, orderId);
  if (!order) return null;
  if (order.archivedAt !== null) return { refused: 'order.error.archived' };
  const id = `pay_${crypto.randomUUID()}`;
  await db.batch([
    db.insert(payments).values({
      id,
      orderId,
      customerId: order.customerId,
      amountCents: payment.amountCents,
      dueAt: payment.dueAt,
      createdAt: now,
    }),
    recordChange(db, {
      actorId: viewer.id,
      action: 'order.payment_added',
      subjectType: 'order',
      subjectId: orderId,
      customerId: order.customerId,
      after: { paymentId: id, ...payment },
      now,
    }),
  ]);
  return { id };
}

/** Records when a payment was paid (once); null when the order or payment is not the viewer's. */
export async function markPaymentPaid(
  db: Database,
  viewer: Viewer,
  orderId: string,
  paymentId: string,
  paidAt: number,
  now = Date.now(),
): Promise<{ paidAt: number } | Refused | null> {
  const order = await editableOrder(db, viewer, orderId);
  if (!order) return null;
  if (order.archivedAt !== null) return { refused: 'order.error.archived' };
  const [payment] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.id, paymentId), eq(payments.orderId, orderId)))
    .limit(1);
  if (!payment) return null;
  if (payment.paidAt !== null) return { refused: 'order.error.alreadyPaid', field: 'paidAt' };
  await db.batch([
    db
      .update(payments)
      .set({ paidAt })
      .where(and(eq(payments.id, paymentId), isNull(payments.paidAt))),
    recordChange(db, {
      actorId: viewer.id,
      action: 'order.payment_paid',
      subjectType: 'order',
      subjectId: orderId,
      customerId: order.customerId,
      before: { paymentId, paidAt: null },
      after: { paymentId, paidAt },
      now,
    }),
  ]);
  return { paidAt };
}

/** Archive (leaves lists and the customer's figures) or restore; null when not the viewer's. */
export function setOrderArchived(
  db: Database,
  viewer: Viewer,
  id: string,
  archived: boolean,
  now = Date.now(),
): Promise<boolean | null> {
  const record = { table: orders, resource: 'orders', subjectType: 'order' } as const;
  return setArchivedInEditScope(db, viewer, record, id, archived, now);
}

/** One order with its lines and payments, in one round trip; null outside the viewer's scope. */
export async function getOrder(db: Database, viewer: Viewer, id: string) {
  const [orderRows, lines, paymentRows] = await db.batch([
    db
      .select({
        order: aliasedColumns(orders, 'order'),
        customerName: aliased(customers.name, 'customer_name'),
        timeZone: aliased(regions.timeZone, 'region_time_zone'),
        contractNumber: aliased(contracts.number, 'contract_number'),
      })
      .from(orders)
      .innerJoin(customers, eq(customers.id, orders.customerId))
      .innerJoin(regions, eq(regions.id, orders.regionId))
      .leftJoin(contracts, eq(contracts.id, orders.contractId))
      .where(scopedById(viewer, 'orders', orders.id, id))
      .limit(1),
    db
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, id))
      .orderBy(asc(orderLines.position)),
    db
      .select()
      .from(payments)
      .where(eq(payments.orderId, id))
      .orderBy(asc(payments.dueAt), asc(payments.id)),
  ]);
  const found = orderRows[0];
  if (!found) return null;
  return {
    ...found.order,
    customerName: found.customerName,
    timeZone: found.timeZone,
    contractNumber: found.contractNumber,
    editable: mayEditRecord(viewer, 'orders', { ...found.order, cityId: null }),
    lines,
    payments: paymentRows,
  };
}
export type OrderDetail = NonNullable<Awaited<ReturnType<typeof getOrder>>>;

/** The viewer's current orders (optionally of one customer), newest first, a page at a time. */
export async function listOrders(
  db: Database,
  viewer: Viewer,
  options: { customerId?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const rows = await db
    .select({
      id: orders.id,
      customerId: orders.customerId,
      contractId: orders.contractId,
      orderedAt: orders.orderedAt,
      amountCents: orders.amountCents,
      currency: orders.currency,
      status: orders.status,
    })
    .from(orders)
    .where(
      and(
        inScope(viewer, 'orders'),
        isNull(orders.archivedAt),
        options.customerId ? eq(orders.customerId, options.customerId) : undefined,
        afterCursor(options.cursor, orders.orderedAt, orders.id, 'desc'),
      ),
    )
    .orderBy(desc(orders.orderedAt), desc(orders.id))
    .limit(options.limit + 1);
  return pageOf(rows, options.limit, (row) => row.orderedAt);
}

/** A customer's contracts an order may be put under (the form's choice). */
export function contractChoices(db: Database, customerId: string) {
  return db
    .select({ id: contracts.id, number: contracts.number })
    .from(contracts)
    .where(and(eq(contracts.customerId, customerId), isNull(contracts.archivedAt)))
    .orderBy(desc(contracts.endAt))
    .limit(50);
}
