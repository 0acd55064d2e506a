/**
 * A region's daily report (docs/rules.md#daily-report), read from the rollups only, plus the one
 * figure that is about the future rather than history (contracts ending in the next 30 days).
 * Every figure comes with its value on the same weekday last week. One D1 round trip.
 */
import { and, asc, eq, gte, inArray, isNull, lt, sum, type SQL } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import {
  cities,
  contracts,
  dailyFirstResponses,
  dailyRollups,
  DEAL_STAGES,
  regions,
  rollupDays,
  type RollupMetric,
} from '../platform/db/schema';
import { ofLiveCustomer } from '../customers/live';
import { localDayRange } from '../platform/time/zones';
import { aciPercent } from '../visits/aci';
import { compared, median, percentOf, sameWeekdayLastWeek, type Compared } from './report-rules';

const DAY = 86_400_000;
const MINUTE = 60_000;
const TOP_LAG_REASONS = 3;
export const HEALTH_BANDS = ['green', 'amber', 'red'] as const;

export type ReportTotals = {
  visits: Compared;
  verifiedVisits: Compared;
  verifiedPercent: Compared;
  newLeads: Compared;
  firstResponses: Compared;
  medianFirstResponseMinutes: Compared;
  tasksDone: Compared;
  tasksOverdue: Compared;
  dealsMoved: Compared;
  aciSample: Compared;
  aciPercent: Compared;
  contractsExpiring: Compared;
};

/** A split of a figure (a lag reason, a stage, a health band, a city) with last week's value. */
export type Breakdown = Compared & { key: string };

export type DailyReport = {
  region: { id: string; name: string; nameZh: string; timeZone: string };
  cities: { id: string; name: string; nameZh: string }[];
  day: string;
  previousDay: string;
  /** When the day's rollups were computed (null: not yet, the report is empty). */
  computedAt: number | null;
  totals: ReportTotals;
  /** Overdue tasks by lag reason, most first, at most three ('' = no reason given yet). */
  topLagReasons: Breakdown[];
  stageMoves: Breakdown[];
  /** Customers by health band at the day's end; null figures when no snapshot was taken. */
  health: Breakdown[];
  visitsByCity: Breakdown[];
};

type Sums = Map<string, number>;
const keyOf = (metric: RollupMetric, dimension = '') => `${metric}:${dimension}`;

/** The report for a region's day, or null when the region does not exist. */
export async function readDailyReport(
  db: Database,
  regionId: string,
  day: string,
  /** The reader's region scope (worker/platform/access): out of scope reads as no region. */
  regionScope?: SQL,
): Promise<DailyReport | null> {
  const previousDay = sameWeekdayLastWeek(day);
  const [regionRows, cityRows, computed, sums, cityVisits, responses, expiring] = await db.batch([
    db
      .select()
      .from(regions)
      .where(and(eq(regions.id, regionId), regionScope))
      .limit(1),
    db
      .select({ id: cities.id, name: cities.name, nameZh: cities.nameZh })
      .from(cities)
      .where(eq(cities.regionId, regionId))
      .orderBy(asc(cities.name)),
    db
      .select({ day: rollupDays.day, computedAt: rollupDays.computedAt })
      .from(rollupDays)
      .where(and(eq(rollupDays.regionId, regionId), inArray(rollupDays.day, [day, previousDay]))),
    db
      .select({
        day: dailyRollups.day,
        metric: dailyRollups.metric,
        dimension: dailyRollups.dimension,
        value: sum(dailyRollups.value).mapWith(Number),
      })
      .from(dailyRollups)
      .where(
        and(eq(dailyRollups.regionId, regionId), inArray(dailyRollups.day, [day, previousDay])),
      )
      .groupBy(dailyRollups.day, dailyRollups.metric, dailyRollups.dimension),
    db
      .select({
        day: dailyRollups.day,
        cityId: dailyRollups.cityId,
        value: sum(dailyRollups.value).mapWith(Number),
      })
      .from(dailyRollups)
      .where(
        and(
          eq(dailyRollups.regionId, regionId),
          inArray(dailyRollups.day, [day, previousDay]),
          eq(dailyRollups.metric, 'visits'),
        ),
      )
      .groupBy(dailyRollups.day, dailyRollups.cityId),
    db
      .select({ day: dailyFirstResponses.day, responseMs: dailyFirstResponses.responseMs })
      .from(dailyFirstResponses)
      .where(
        and(
          eq(dailyFirstResponses.regionId, regionId),
          inArray(dailyFirstResponses.day, [day, previousDay]),
        ),
      )
      .orderBy(asc(dailyFirstResponses.responseMs)),
    expiringContracts(db, regionId, previousDay, day),
  ]);
  const region = regionRows[0];
  if (!region) return null;

  const byDay = (which: string): Sums =>
    new Map(
      sums
        .filter((row) => row.day === which)
        .map((row) => [keyOf(row.metric, row.dimension), row.value]),
    );
  const now = byDay(day);
  const before = byDay(previousDay);
  const known = new Set(computed.map((row) => row.day));
  const total = (sumsOf: Sums, metric: RollupMetric) =>
    [...sumsOf].reduce((n, [key, value]) => (key.startsWith(`${metric}:`) ? n + value : n), 0);
  /** A figure on both days; a day without rollups is unknown (null), not zero. */
  const onBothDays = (figure: (sumsOf: Sums, which: string) => number | null): Compared =>
    compared(
      known.has(day) ? figure(now, day) : null,
      known.has(previousDay) ? figure(before, previousDay) : null,
    );
  const metric = (name: RollupMetric) => onBothDays((sumsOf) => total(sumsOf, name));
  const endOf = (which: string) => localDayRange(which, region.timeZone).end;
  const expiringAfter = (which: string) => {
    const end = endOf(which);
    return expiring.filter((row) => row.endAt >= end && row.endAt < end + 30 * DAY).length;
  };
  const responsesOf = (which: string) =>
    responses.filter((row) => row.day === which).map((row) => row.responseMs);

  const totals: ReportTotals = {
    visits: metric('visits'),
    verifiedVisits: metric('visits_verified'),
    verifiedPercent: onBothDays((s) => percentOf(total(s, 'visits_verified'), total(s, 'visits'))),
    newLeads: metric('leads_new'),
    firstResponses: metric('first_responses'),
    medianFirstResponseMinutes: onBothDays((_s, which) => {
      const middle = median(responsesOf(which));
      return middle === null ? null : Math.round(middle / MINUTE);
    }),
    tasksDone: metric('tasks_done'),
    tasksOverdue: metric('tasks_overdue'),
    dealsMoved: metric('stage_moves'),
    aciSample: metric('aci_sample'),
    aciPercent: onBothDays((s) =>
      aciPercent(total(s, 'aci_sample'), total(s, 'aci_sample_consistent')),
    ),
    // Not history: the contracts table as it is, seen from each day's end.
    contractsExpiring: compared(expiringAfter(day), expiringAfter(previousDay)),
  };

  const splits = (name: RollupMetric, keys: readonly string[]): Breakdown[] =>
    keys.map((key) => ({
      key,
      ...compared(now.get(keyOf(name, key)) ?? 0, before.get(keyOf(name, key)) ?? 0),
    }));
  const lagReasons = [
    ...new Set(sums.filter((row) => row.metric === 'tasks_overdue').map((row) => row.dimension)),
  ];
  const healthKnown = (sumsOf: Sums) => total(sumsOf, 'customers_by_health') > 0;
  const cityCount = (which: string, cityId: string) =>
    cityVisits.find((row) => row.day === which && row.cityId === cityId)?.value ?? 0;
  return {
    region: { id: region.id, name: region.name, nameZh: region.nameZh, timeZone: region.timeZone },
    cities: cityRows,
    day,
    previousDay,
    computedAt: computed.find((row) => row.day === day)?.computedAt ?? null,
    totals,
    topLagReasons: splits('tasks_overdue', lagReasons)
      .filter((row) => row.value! > 0)
      .sort((a, b) => b.value! - a.value! || a.key.localeCompare(b.key))
      .slice(0, TOP_LAG_REASONS),
    stageMoves: splits('stage_moves', DEAL_STAGES).filter((row) => row.value! + row.previous! > 0),
    health: HEALTH_BANDS.map((band) => ({
      key: band,
      ...compared(
        healthKnown(now) ? (now.get(keyOf('customers_by_health', band)) ?? 0) : null,
        healthKnown(before) ? (before.get(keyOf('customers_by_health', band)) ?? 0) : null,
      ),
    })),
    visitsByCity: cityRows.map((city) => ({
      key: city.id,
      ...compared(cityCount(day, city.id), cityCount(previousDay, city.id)),
    })),
  };
}

/**
 * Live contracts of the region ending within 30 days after either compared day: read with a
 * margin of a day around the UTC dates (any zone is within 14 h), the exact window applied after.
 */
function expiringContracts(db: Database, regionId: string, fromDay: string, toDay: string) {
  return db
    .select({ endAt: contracts.endAt })
    .from(contracts)
    .where(
      and(
        eq(contracts.regionId, regionId),
        isNull(contracts.archivedAt),
        ofLiveCustomer(contracts.customerId),
        gte(contracts.endAt, Date.parse(fromDay) - DAY),
        lt(contracts.endAt, Date.parse(toDay) + 32 * DAY),
      ),
    );
}

/** Whether the day's rollups exist (a report builds them first when they do not). */
export async function hasRollups(db: Database, regionId: string, day: string): Promise<boolean> {
  const [row] = await db
    .select({ day: rollupDays.day })
    .from(rollupDays)
    .where(and(eq(rollupDays.regionId, regionId), eq(rollupDays.day, day)))
    .limit(1);
  return row !== undefined;
}
