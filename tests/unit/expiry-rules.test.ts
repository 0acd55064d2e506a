import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayStartsAfter,
  daysLeftUntil,
  expiryThresholdFor,
} from '../../worker/renewals/rules';
import { qualifiesForRenewalPreparation } from '../../worker/orders/rules';

describe('contract expiry thresholds', () => {
  it('fire on the threshold days themselves', () => {
    expect([30, 14, 7, 1].map(expiryThresholdFor)).toEqual([30, 14, 7, 1]);
  });

  it('catch up with the latest threshold passed, never an earlier one', () => {
    expect(expiryThresholdFor(6)).toBe(7);
    expect(expiryThresholdFor(2)).toBe(7);
    expect(expiryThresholdFor(13)).toBe(14);
    expect(expiryThresholdFor(20)).toBe(30);
  });

  it('give nothing on the last day, after the end, or more than 30 days out', () => {
    expect([0, -3, 31, 400, 1.5].map(expiryThresholdFor)).toEqual([null, null, null, null, null]);
  });
});

describe('region-local days left', () => {
  it('adds calendar days across month and year ends', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('counts the days whose start the end has reached, in the region’s zone', () => {
    const starts = dayStartsAfter('2026-12-01', 'Asia/Shanghai', 31);
    // Tomorrow begins at 2026-12-01T16:00Z in Shanghai (UTC+8).
    expect(starts[0]).toBe(Date.parse('2026-12-01T16:00:00Z'));
    expect(daysLeftUntil(Date.parse('2026-12-01T15:59:00Z'), starts)).toBe(0);
    expect(daysLeftUntil(Date.parse('2026-12-01T16:30:00Z'), starts)).toBe(1);
    expect(daysLeftUntil(Date.parse('2026-12-31T04:00:00Z'), starts)).toBe(30);
    // The same instant in New York is still the 1st of December: no day has begun yet.
    const newYork = dayStartsAfter('2026-12-01', 'America/New_York', 31);
    expect(daysLeftUntil(Date.parse('2026-12-01T16:30:00Z'), newYork)).toBe(0);
  });
});

describe('renewal preparation', () => {
  const now = Date.parse('2026-11-23T09:00:00Z');
  const daysAgo = (n: number) => now - n * 86_400_000;

  it('needs more than 2 purchases within the last 6 months', () => {
    expect(qualifiesForRenewalPreparation([daysAgo(1), daysAgo(50), daysAgo(170)], now)).toBe(true);
    expect(qualifiesForRenewalPreparation([daysAgo(1), daysAgo(50)], now)).toBe(false);
    // 2026-05-23 is 6 calendar months back: an order before it no longer counts.
    expect(
      qualifiesForRenewalPreparation(
        [daysAgo(1), daysAgo(50), Date.parse('2026-05-22T09:00:00Z')],
        now,
      ),
    ).toBe(false);
  });
});
