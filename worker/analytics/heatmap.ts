/**
 * The region heatmap's figures (docs/rules.md#heatmap-thresholds), read from the rollups only
 * (docs/rules.md#rollups): one row per region, city or rep, one cell per metric, each with the
 * previous period's figure. One D1 round trip; every query searches a primary key or an index.
 */
import { aliased } from '../platform/db/aliased';
import { and, asc, eq, gte, inArray, isNull, lt, lte, sql, sum, type SQL } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import {
  contracts,
  dailyFirstResponses,
  dailyRollups,
  rollupDays,
  users,
} from '../platform/db/schema';
import { ofLiveCustomer } from '../customers/live';
import { aciPercent } from '../visits/aci';
import { compared, median, percentOf, type Compared } from '../reports/report-rules';
import type { HeatmapMetric, PeriodDays } from './heatmap-rules';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Contracts ending within this many days count in the heatmap (not history: as they are now). */
const ENDING_WITHIN_DAYS = 30;
/** Figures taken at the period's last day rather than summed over it. */
const SNAPSHOT_METRICS = ['tasks_overdue', 'customers_by_health'];

export type HeatmapLevel = 'region' | 'city' | 'rep';
export type HeatmapCells = Record<HeatmapMetric, Compared>;

export type Grouping = { level: HeatmapLevel; regionIds: string[]; cityId?: string };

/** The rollup column that names a row at each level. */
function keyColumn(level: HeatmapLevel, table: typeof dailyRollups | typeof dailyFirstResponses) {
  return level === 'region' ? table.regionId : level === 'city' ? table.cityId : table.repId;
}

/**
 * The heatmap's four reads, for one batch: rollup sums by row and period (snapshot metrics by
 * day), the days with rollups, the first responses (for medians), the active reps per row and
 * the live contracts ending within 30 days of `at` (by their owner's region, city or self).
 */
export function heatmapQueries(db: Database, grouping: Grouping, days: PeriodDays, at: number) {
  const inCity = (column: typeof dailyRollups.cityId | typeof dailyFirstResponses.cityId) =>
    grouping.cityId === undefined ? undefined : eq(column, grouping.cityId);
  const within = (table: typeof dailyRollups | typeof dailyFirstResponses): SQL | undefined =>
    and(
      inArray(table.regionId, grouping.regionIds),
      gte(table.day, days.previousFrom),
      lte(table.day, days.to),
      inCity(table.cityId),
    );
  const period = (day: typeof dailyRollups.day | typeof dailyFirstResponses.day) =>
    sql<string>`CASE WHEN ${day} >= ${days.from} THEN 'now' WHEN ${day} <= ${days.previousTo} THEN 'before' ELSE '' END`;
  const rollupKey = keyColumn(grouping.level, dailyRollups);
  // Summed metrics by period; snapshot metrics by day (the period's last computed day is chosen after).
  const bucket = sql<string>`CASE WHEN ${dailyRollups.metric} IN ('tasks_overdue', 'customers_by_health') THEN ${dailyRollups.day} ELSE ${period(dailyRollups.day)} END`;
  const red = sql<number>`${dailyRollups.metric} = 'customers_by_health' AND ${dailyRollups.dimension} = 'red'`;
  const responseKey = keyColumn(grouping.level, dailyFirstResponses);
  const repKey =
    grouping.level === 'region'
      ? users.regionId
      : grouping.level === 'city'
        ? users.cityId
        : users.id;

  return [
    db
      .select({
        // Aliased: at the region level the key is region_id too, and D1 keys rows by name.
        key: aliased(rollupKey, 'row_key'),
        regionId: dailyRollups.regionId,
        metric: dailyRollups.metric,
        bucket,
        red,
        value: sum(dailyRollups.value).mapWith(Number),
      })
      .from(dailyRollups)
      .where(within(dailyRollups))
      .groupBy(rollupKey, dailyRollups.regionId, dailyRollups.metric, bucket, red),
    db
      .select({ regionId: rollupDays.regionId, day: rollupDays.day })
      .from(rollupDays)
      .where(
        and(
          inArray(rollupDays.regionId, grouping.regionIds),
          gte(rollupDays.day, days.previousFrom),
          lte(rollupDays.day, days.to),
        ),
      ),
    db
      .select({
        key: responseKey,
        bucket: period(dailyFirstResponses.day),
        responseMs: dailyFirstResponses.responseMs,
      })
      .from(dailyFirstResponses)
      .where(within(dailyFirstResponses))
      .orderBy(asc(dailyFirstResponses.responseMs)),
    db
      .select({ key: repKey, reps: sql<number>`count(*)`.mapWith(Number) })
      .from(users)
      .where(
        and(
          inArray(users.regionId, grouping.regionIds),
          eq(users.role, 'rep'),
          eq(users.active, true),
          grouping.cityId === undefined ? undefined : eq(users.cityId, grouping.cityId),
        ),
      )
      .groupBy(repKey),
    db
      .select({ key: repKey, contracts: sql<number>`count(*)`.mapWith(Number) })
      .from(contracts)
      .innerJoin(users, eq(users.id, contracts.ownerId))
      .where(
        and(
          inArray(contracts.regionId, grouping.regionIds),
          gte(contracts.endAt, at),
          lt(contracts.endAt, at + ENDING_WITHIN_DAYS * DAY),
          isNull(contracts.archivedAt),
          ofLiveCustomer(contracts.customerId),
          grouping.cityId === undefined ? undefined : eq(users.cityId, grouping.cityId),
        ),
      )
      .groupBy(repKey),
  ] as const;
}

/** The figures of every row key (region, city or rep id) for the period and the one before it. */
export async function readHeatmap(
  db: Database,
  grouping: Grouping,
  days: PeriodDays,
  at: number,
): Promise<Map<string, HeatmapCells>> {
  if (grouping.regionIds.length === 0) return new Map();
  const [sums, computed, responses, reps, ending] = await db.batch(
    heatmapQueries(db, grouping, days, at),
  );

  const inPeriod = (day: string, which: 'now' | 'before') =>
    which === 'now'
      ? day >= days.from && day <= days.to
      : day >= days.previousFrom && day <= days.previousTo;
  /** Per region and period: how many days have rollups, and the last of them. */
  const known = (regionId: string, which: 'now' | 'before') => {
    const list = computed
      .filter((row) => row.regionId === regionId && inPeriod(row.day, which))
      .map((row) => row.day)
      .sort();
    return { count: list.length, last: list.at(-1) ?? null };
  };
  const keys = new Set([...sums.map((row) => row.key), ...reps.map((row) => row.key ?? '')]);
  const result = new Map<string, HeatmapCells>();
  for (const key of keys) {
    const rows = sums.filter((row) => row.key === key);
    const regionId = grouping.level === 'region' ? key : (grouping.regionIds[0] ?? '');
    const repCount =
      grouping.level === 'rep' ? 1 : (reps.find((row) => row.key === key)?.reps ?? 0);
    const figure = (
      which: 'now' | 'before',
      compute: (
        total: (metric: string, onlyRed?: boolean) => number,
        dayCount: number,
      ) => number | null,
    ): number | null => {
      const { count, last } = known(regionId, which);
      if (count === 0) return null;
      const total = (metric: string, onlyRed = false) =>
        rows
          .filter(
            (row) =>
              row.metric === metric &&
              (!onlyRed || Boolean(row.red)) &&
              (SNAPSHOT_METRICS.includes(metric) ? row.bucket === last : row.bucket === which),
          )
          .reduce((n, row) => n + row.value, 0);
      return compute(total, count);
    };
    const both = (
      compute: (
        total: (metric: string, onlyRed?: boolean) => number,
        dayCount: number,
      ) => number | null,
    ) => compared(figure('now', compute), figure('before', compute));
    const responsesOf = (which: 'now' | 'before') =>
      responses
        .filter((row) => row.key === key && row.bucket === which)
        .map((row) => row.responseMs);
    const medianMinutes = (which: 'now' | 'before') => {
      if (known(regionId, which).count === 0) return null;
      const middle = median(responsesOf(which));
      return middle === null ? null : Math.round(middle / MINUTE);
    };
    result.set(key, {
      visitsPerRepWeek: both((total, dayCount) =>
        repCount === 0 ? null : Math.round((10 * total('visits') * 7) / (repCount * dayCount)) / 10,
      ),
      verifiedPercent: both((total) => percentOf(total('visits_verified'), total('visits'))),
      medianFirstResponseMinutes: compared(medianMinutes('now'), medianMinutes('before')),
      tasksDone: both((total) => total('tasks_done')),
      tasksOverdue: both((total) => total('tasks_overdue')),
      aciPercent: both((total) => aciPercent(total('aci_sample'), total('aci_sample_consistent'))),
      redHealthPercent: both((total) =>
        percentOf(total('customers_by_health', true), total('customers_by_health')),
      ),
      stageMoves: both((total) => total('stage_moves')),
      // About the future, so there is no previous period to compare with.
      contractsEnding: compared(ending.find((row) => row.key === key)?.contracts ?? 0, null),
    });
  }
  return result;
}
