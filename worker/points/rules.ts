/**
 * Points for the actions the product exists to drive, and the leaderboard's periods and ranks
 * (pure; docs/rules.md#points). The award job turns these rules into SQL (award.ts).
 */
import { localDayRange, localDay } from '../platform/time/zones';

export const POINT_RULES = {
  /** A visit checked in within range of the customer (one per customer, rep and day). */
  'visit.verified': 2,
  /** That same visit also records all three ACI musts (next follow-up, evidence, stage). */
  'visit.aci_complete': 1,
  /** A lead first touched before its first-touch deadline. */
  'lead.first_touch_on_time': 3,
  /** A claimed task completed by its due time, with evidence. */
  'task.done_on_time': 2,
  /** A contract renewed by a new one. */
  'contract.renewed': 5,
} as const;

export type PointRule = keyof typeof POINT_RULES;
export const POINT_RULE_NAMES = Object.keys(POINT_RULES) as PointRule[];

/** A reversal (an archived customer, a reopened task…) within this long takes the points back. */
export const REVIEW_WINDOW_DAYS = 8;

export const LEADERBOARD_PERIODS = ['week', 'month'] as const;
export type LeaderboardPeriod = (typeof LEADERBOARD_PERIODS)[number];

/** How many of the month's most active reps the "digital pioneer" award names. */
export const PIONEERS = 3;

const DAY = 86_400_000;

/**
 * The region-local week (Monday to Sunday) or calendar month containing `at`, as instants
 * `[start, end)` and the local day it starts on.
 */
export function periodRange(
  period: LeaderboardPeriod,
  at: number,
  timeZone: string,
): { start: number; end: number; firstDay: string } {
  const today = localDay(at, timeZone);
  const [year, month, date] = today.split('-').map(Number) as [number, number, number];
  if (period === 'month') {
    const firstDay = `${year}-${String(month).padStart(2, '0')}-01`;
    const next =
      month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
    return {
      start: localDayRange(firstDay, timeZone).start,
      end: localDayRange(next, timeZone).start,
      firstDay,
    };
  }
  const weekday = (new Date(Date.UTC(year, month - 1, date)).getUTCDay() + 6) % 7; // Monday 0
  const mondayNoon = Date.UTC(year, month - 1, date - weekday, 12);
  const firstDay = new Date(mondayNoon).toISOString().slice(0, 10);
  const nextMonday = new Date(mondayNoon + 7 * DAY).toISOString().slice(0, 10);
  return {
    start: localDayRange(firstDay, timeZone).start,
    end: localDayRange(nextMonday, timeZone).start,
    firstDay,
  };
}

export type Standing<Row> = Row & { rank: number };

/**
 * Ranks by points, highest first; equal points share a rank (1, 2, 2, 4). Ties are listed by
 * name so the order is stable.
 */
export function rankStandings<Row extends { points: number; name: string }>(
  rows: Row[],
): Standing<Row>[] {
  const sorted = [...rows].sort((a, b) => b.points - a.points || a.name.localeCompare(b.name));
  return sorted.map((row, index) => ({
    ...row,
    rank:
      index > 0 && sorted[index - 1]!.points === row.points
        ? sorted.findIndex((other) => other.points === row.points) + 1
        : index + 1,
  }));
}
