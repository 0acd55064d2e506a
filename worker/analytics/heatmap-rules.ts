/**
 * The heatmap's pure rules (docs/rules.md#heatmap-thresholds): the metrics it shows, the band of
 * a cell (good / watch / act) and the periods compared. No I/O, so they are unit-tested alone.
 */
import { shiftDay } from '../reports/report-rules';

export const HEATMAP_METRICS = [
  'visitsPerRepWeek',
  'verifiedPercent',
  'medianFirstResponseMinutes',
  'tasksDone',
  'tasksOverdue',
  'aciPercent',
  'redHealthPercent',
  'stageMoves',
  'contractsEnding',
] as const;
export type HeatmapMetric = (typeof HEATMAP_METRICS)[number];

export type Band = 'good' | 'watch' | 'act';

/**
 * Default thresholds: `good` at or beyond the first number, `act` beyond the second, `watch`
 * between. `higher` says which way is better.
 */
export const THRESHOLDS: Record<HeatmapMetric, { higher: boolean; good: number; act: number }> = {
  visitsPerRepWeek: { higher: true, good: 10, act: 5 },
  verifiedPercent: { higher: true, good: 80, act: 60 },
  medianFirstResponseMinutes: { higher: false, good: 240, act: 1440 },
  tasksDone: { higher: true, good: 5, act: 1 },
  tasksOverdue: { higher: false, good: 0, act: 5 },
  aciPercent: { higher: true, good: 90, act: 70 },
  redHealthPercent: { higher: false, good: 10, act: 25 },
  stageMoves: { higher: true, good: 3, act: 1 },
  contractsEnding: { higher: false, good: 3, act: 10 },
};

/** The band of a cell; null when its figure is unknown (no rollups, nothing to divide). */
export function cellBand(metric: HeatmapMetric, value: number | null): Band | null {
  if (value === null) return null;
  const { higher, good, act } = THRESHOLDS[metric];
  if (higher) return value >= good ? 'good' : value < act ? 'act' : 'watch';
  return value <= good ? 'good' : value > act ? 'act' : 'watch';
}

export const PERIODS = ['this-week', 'last-week', 'last-4-weeks'] as const;
export type Period = (typeof PERIODS)[number];

/** A period's days (first and last, both included) and the same-length period just before it. */
export type PeriodDays = { from: string; to: string; previousFrom: string; previousTo: string };

/**
 * Weeks start on Monday; `today` is the region-local day. This week runs from Monday to today;
 * the previous period is the same days a week earlier. The last 4 weeks end on Sunday of last week.
 */
export function periodDays(period: Period, today: string): PeriodDays {
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  const monday = shiftDay(today, -weekday);
  if (period === 'this-week')
    return {
      from: monday,
      to: today,
      previousFrom: shiftDay(monday, -7),
      previousTo: shiftDay(today, -7),
    };
  const length = period === 'last-week' ? 7 : 28;
  const from = shiftDay(monday, -length);
  const to = shiftDay(monday, -1);
  return { from, to, previousFrom: shiftDay(from, -length), previousTo: shiftDay(from, -1) };
}

/** The week-over-week arrow of a change: up, down or level; none when either side is unknown. */
export function trend(
  value: number | null,
  previous: number | null,
): 'up' | 'down' | 'level' | null {
  if (value === null || previous === null) return null;
  return value > previous ? 'up' : value < previous ? 'down' : 'level';
}
