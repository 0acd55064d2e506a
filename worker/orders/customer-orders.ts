import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { orders } from '../platform/db/schema';
import { onTimePaymentRate, qualifiesForRenewalPreparation } from './rules';

/** How many of a customer's orders the page reads: the latest are shown, all feed the figures. */
const ORDERS_READ = 100;
export const ORDERS_SHOWN = 5;

/**
 * The customer page's orders (archived ones left out), newest first, each with its payments'
 * due and paid times: one statement for getCustomer's batch.
 */
export function customerOrders(db: Database, customerId: string) {
  return db
    .select({
      id: orders.id,
      orderedAt: orders.orderedAt,
      amountCents: orders.amountCents,
      currency: orders.currency,
      status: orders.status,
      // Qualified by hand: inside a subquery drizzle names columns without their table.
      payments:
        sql<string>`(select json_group_array(json_array(p.due_at, p.paid_at)) from payments p where p.order_id = "orders"."id")`.as(
          'payment_times',
        ),
    })
    .from(orders)
    .where(and(eq(orders.customerId, customerId), isNull(orders.archivedAt)))
    .orderBy(desc(orders.orderedAt), desc(orders.id))
    .limit(ORDERS_READ);
}

/** The section's figures: the latest orders, the on-time payment rate, the renewal rule. */
export function customerOrderSummary(
  rows: Awaited<ReturnType<typeof customerOrders>>,
  now: number,
) {
  const live = rows.filter((row) => row.status !== 'cancelled');
  const paymentTimes = live.flatMap((row) =>
    (JSON.parse(row.payments) as [number, number | null][]).map(([dueAt, paidAt]) => ({
      dueAt,
      paidAt,
    })),
  );
  return {
    latest: rows.slice(0, ORDERS_SHOWN).map(({ payments: _, ...order }) => order),
    onTimeRate: onTimePaymentRate(paymentTimes, now),
    renewalReady: qualifiesForRenewalPreparation(
      live.map((row) => row.orderedAt),
      now,
    ),
  };
}
