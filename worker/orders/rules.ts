/** The product's rules about orders and payments. Pure, so they are unit-tested without I/O. */
import type { ORDER_STATUSES } from '../platform/db/schema';

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** An order's amount: the sum of its lines, in minor units. */
export function orderAmountCents(
  lines: readonly { quantity: number; unitPriceCents: number }[],
): number {
  return lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
}

/** Calendar months back from `now` (same day of month, clamped to the month's end). */
export function monthsBefore(now: number, months: number): number {
  const date = new Date(now);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.getTime();
}

/**
 * Share of the payments that fell due in the last `windowMonths` and were paid on or before
 * their due date. A payment still unpaid past its due date counts as late; payments not yet due
 * are left out. Null when nothing fell due in the window (no record is not a bad record).
 */
export function onTimePaymentRate(
  payments: readonly { dueAt: number; paidAt: number | null }[],
  now: number,
  windowMonths = 12,
): number | null {
  const from = monthsBefore(now, windowMonths);
  const due = payments.filter((p) => p.dueAt >= from && p.dueAt <= now);
  if (due.length === 0) return null;
  const onTime = due.filter((p) => p.paidAt !== null && p.paidAt <= p.dueAt).length;
  return onTime / due.length;
}

/** Renewal preparation: more than `moreThan` purchases in the last `months` calendar months. */
export const RENEWAL_PREPARATION = { months: 6, moreThan: 2 } as const;

/**
 * "More than 2 purchases in the last 6 months": the customer is ready for renewal preparation.
 * `orderDates` are the customer's purchases (orders neither cancelled nor archived); the expiry
 * job asks the same in SQL (worker/renewals/expiry-job.ts) with these numbers.
 */
export function qualifiesForRenewalPreparation(
  orderDates: readonly number[],
  now: number,
): boolean {
  const from = monthsBefore(now, RENEWAL_PREPARATION.months);
  return orderDates.filter((at) => at >= from && at <= now).length > RENEWAL_PREPARATION.moreThan;
}

/** An order is placed, then delivered or cancelled; both are final. */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  placed: ['delivered', 'cancelled'],
  delivered: [],
  cancelled: [],
};

export function mayMoveOrder(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || ORDER_TRANSITIONS[from].includes(to);
}
