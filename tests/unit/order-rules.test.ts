import { describe, expect, it } from 'vitest';
import {
  mayMoveOrder,
  monthsBefore,
  ORDER_TRANSITIONS,
  onTimePaymentRate,
  orderAmountCents,
  qualifiesForRenewalPreparation,
} from '../../worker/orders/rules';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 23, 12);

describe('order amount', () => {
  it('is the sum of quantity × unit price over the lines', () => {
    expect(
      orderAmountCents([
        { quantity: 2, unitPriceCents: 1_500 },
        { quantity: 3, unitPriceCents: 99 },
      ]),
    ).toBe(3_297);
    expect(orderAmountCents([])).toBe(0);
  });
});

describe('on-time payment rate', () => {
  it('is paid-on-or-before-due over payments due in the window', () => {
    const rate = onTimePaymentRate(
      [
        { dueAt: now - 10 * DAY, paidAt: now - 10 * DAY }, // on the day: on time
        { dueAt: now - 20 * DAY, paidAt: now - 15 * DAY }, // late
        { dueAt: now - 30 * DAY, paidAt: now - 40 * DAY }, // early
        { dueAt: now - 5 * DAY, paidAt: null }, // unpaid past due: late
      ],
      now,
    );
    expect(rate).toBe(0.5);
  });

  it('leaves out payments not yet due and those before the window', () => {
    expect(
      onTimePaymentRate(
        [
          { dueAt: now + 5 * DAY, paidAt: null },
          { dueAt: now - 400 * DAY, paidAt: null },
          { dueAt: now - DAY, paidAt: now - 2 * DAY },
        ],
        now,
      ),
    ).toBe(1);
    expect(onTimePaymentRate([{ dueAt: now - 100 * DAY, paidAt: null }], now, 3)).toBeNull();
  });

  it('is null when nothing fell due', () => {
    expect(onTimePaymentRate([], now)).toBeNull();
    expect(onTimePaymentRate([{ dueAt: now + DAY, paidAt: null }], now)).toBeNull();
  });
});

describe('renewal preparation', () => {
  it('needs more than 2 purchases in the last 6 months', () => {
    const recent = [now - 10 * DAY, now - 50 * DAY, now - 100 * DAY];
    expect(qualifiesForRenewalPreparation(recent, now)).toBe(true);
    expect(qualifiesForRenewalPreparation(recent.slice(0, 2), now)).toBe(false);
    expect(qualifiesForRenewalPreparation([...recent.slice(0, 2), now - 200 * DAY], now)).toBe(
      false,
    );
  });

  it('counts calendar months', () => {
    expect(monthsBefore(Date.UTC(2026, 7, 31), 6)).toBe(Date.UTC(2026, 1, 28));
    expect(monthsBefore(now, 12)).toBe(Date.UTC(2025, 10, 23, 12));
  });
});

describe('order status', () => {
  it('moves a placed order to delivered or cancelled, and no further', () => {
    expect(mayMoveOrder('placed', 'delivered')).toBe(true);
    expect(mayMoveOrder('placed', 'cancelled')).toBe(true);
    expect(mayMoveOrder('delivered', 'placed')).toBe(false);
    expect(mayMoveOrder('cancelled', 'delivered')).toBe(false);
    expect(ORDER_TRANSITIONS.delivered).toEqual([]);
  });
});
