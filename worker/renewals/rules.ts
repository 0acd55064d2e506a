/**
 * Contract expiry alerts and renewal preparation (docs/rules.md#contract-expiry-alerts). Pure, so
 * the thresholds and the day arithmetic are unit-tested without I/O; the nightly job turns the
 * windows into one set-based statement per region.
 */
import { localDayRange } from '../platform/time/zones';

/** Alerts go out this many region-local days before a contract's end, once each. */
export const EXPIRY_THRESHOLDS = [30, 14, 7, 1] as const;
export type ExpiryThreshold = (typeof EXPIRY_THRESHOLDS)[number];

/**
 * The alert due for a contract `daysLeft` region-local days from its end: the nearest threshold at
 * or above it. A contract the job missed (created 20 days out, or an outage) catches up with the
 * latest threshold only: 6 days out it gets the 7-day alert, never the 14- or 30-day one late.
 * None on its last day or after, nor more than 30 days out.
 */
export function expiryThresholdFor(daysLeft: number): ExpiryThreshold | null {
  if (!Number.isInteger(daysLeft) || daysLeft < 1 || daysLeft > EXPIRY_THRESHOLDS[0]) return null;
  return [...EXPIRY_THRESHOLDS].reverse().find((threshold) => threshold >= daysLeft) ?? null;
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/**
 * The instants the region-local days after `day` begin: `[0]` is tomorrow's start, `[k]` the start
 * of day + k + 1. A contract ending at `endAt` has `daysLeft` = how many of them are ≤ `endAt`
 * (0: it ends today or has ended), which the expiry job counts in SQL.
 */
export function dayStartsAfter(day: string, timeZone: string, count: number): number[] {
  return Array.from(
    { length: count },
    (_, k) => localDayRange(addDays(day, k + 1), timeZone).start,
  );
}

/** `daysLeft` as defined by `dayStartsAfter`, for one contract (the SQL's twin, for tests). */
export function daysLeftUntil(endAt: number, starts: readonly number[]): number {
  return starts.filter((start) => start <= endAt).length;
}
