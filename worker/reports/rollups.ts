/**
 * The nightly rollups (docs/rules.md#rollups): per region, city, rep and region-local day, the
 * figures the daily report and the heatmaps read instead of the busy tables. One batch of set-based
 * statements per run, whatever the number of days: the days travel as one JSON parameter and
 * every statement joins them, so the nightly run (one day) and the seed's backfill (a year) are
 * the same SQL. Re-running a day replaces its rows (delete, then insert, in one batch).
 */
import type { RegionRun, RunOutcome } from '../../queues/region-run';
import { localDayRange } from '../platform/time/zones';
import { ACI_SAMPLE_SIZE, daysBetween, sampleKeySql, sampleSeed } from './report-rules';

const DAY = 86_400_000;

type RollupDay = { day: string; start: number; end: number; seed: number };

/** The days' JSON, unpacked by every statement as `d(day, start_at, end_at, seed)`. */
const DAYS = `d AS (
  SELECT value ->> 'day' AS day, value ->> 'start' AS start_at, value ->> 'end' AS end_at,
         value ->> 'seed' AS seed
  FROM json_each(?2))`;

// Every statement binds ?1 = region id, ?2 = the days (JSON), ?3 = the instant of the run.
const REPLACED_DAYS = `region_id = ?1 AND day IN (SELECT value ->> 'day' FROM json_each(?2))`;

/**
 * Visits and verified visits, and the ACI sample (the day's ACI_SAMPLE_SIZE visits first in the
 * seeded random order of report-rules.ts): one read of the day's visits for all four figures.
 */
const VISITS = `WITH ${DAYS},
ranked AS (
  SELECT d.day, v.city_id, v.rep_id,
         v.check_in_status = 'verified' AS verified,
         (v.aci_next_follow_up AND v.aci_evidence AND v.aci_stage) AS consistent,
         row_number() OVER (PARTITION BY d.day ORDER BY ${sampleKeySql('v.id', 'd.seed')}, v.id) AS draw
  FROM d JOIN visits v
    ON v.region_id = ?1 AND v.visited_at >= d.start_at AND v.visited_at < d.end_at),
counted AS MATERIALIZED (
  SELECT day, city_id, rep_id, count(*) AS visits, sum(verified) AS verified,
         sum(draw <= ${ACI_SAMPLE_SIZE}) AS sample,
         sum(draw <= ${ACI_SAMPLE_SIZE} AND consistent) AS sample_consistent
  FROM ranked GROUP BY day, city_id, rep_id)
INSERT INTO daily_rollups (region_id, day, metric, city_id, rep_id, dimension, value)
SELECT ?1, day, 'visits', city_id, rep_id, '', visits FROM counted
UNION ALL SELECT ?1, day, 'visits_verified', city_id, rep_id, '', verified FROM counted WHERE verified > 0
UNION ALL SELECT ?1, day, 'aci_sample', city_id, rep_id, '', sample FROM counted WHERE sample > 0
UNION ALL SELECT ?1, day, 'aci_sample_consistent', city_id, rep_id, '', sample_consistent
  FROM counted WHERE sample_consistent > 0`;

/** New leads, by the day they arrived. */
const NEW_LEADS = `WITH ${DAYS}
INSERT INTO daily_rollups (region_id, day, metric, city_id, rep_id, dimension, value)
SELECT ?1, d.day, 'leads_new', coalesce(l.city_id, ''), coalesce(l.assignee_id, ''), '', count(*)
FROM d JOIN leads l ON l.region_id = ?1 AND l.created_at >= d.start_at AND l.created_at < d.end_at
GROUP BY d.day, l.city_id, l.assignee_id`;

/**
 * First responses on the day they were given (first touch − arrival): a day's responses are all
 * known once it has ended, so the nightly figure is final. Kept one per lead for the median.
 */
const FIRST_RESPONSES = `WITH ${DAYS}
INSERT INTO daily_first_responses (region_id, day, lead_id, city_id, rep_id, response_ms)
SELECT ?1, d.day, l.id, coalesce(l.city_id, ''), coalesce(l.assignee_id, ''),
       max(0, l.first_touch_at - l.created_at)
FROM d JOIN leads l ON l.region_id = ?1 AND l.created_at < d.end_at
  AND l.first_touch_at >= d.start_at AND l.first_touch_at < d.end_at`;

const FIRST_RESPONSE_TOTALS = `INSERT INTO daily_rollups (region_id, day, metric, city_id, rep_id, dimension, value)
SELECT region_id, day, 'first_responses', city_id, rep_id, '', count(*)
FROM daily_first_responses WHERE ${REPLACED_DAYS} GROUP BY day, city_id, rep_id
UNION ALL
SELECT region_id, day, 'first_response_ms', city_id, rep_id, '', sum(response_ms)
FROM daily_first_responses WHERE ${REPLACED_DAYS} GROUP BY day, city_id, rep_id`;

/** Tasks completed that day, by the rep who held them. */
const TASKS_DONE = `WITH ${DAYS}
INSERT INTO daily_rollups (region_id, day, metric, city_id, rep_id, dimension, value)
SELECT ?1, d.day, 'tasks_done', t.city_id, coalesce(t.claimed_by, ''), '', count(*)
FROM d JOIN tasks t ON t.region_id = ?1 AND t.status = 'done'
  AND t.completed_at >= d.start_at AND t.completed_at < d.end_at
GROUP BY d.day, t.city_id, t.claimed_by`;

/**
 * Tasks overdue at the day's end (due before it, not done by then, not cancelled), by the lag
 * reason the rep gave ('' none yet).
 */
const TASKS_OVERDUE = `WITH ${DAYS}
INSERT INTO daily_rollups (region_id, day, metric, city_id, rep_id, dimension, value)
SELECT ?1, d.day, 'tasks_overdue', t.city_id, coalesce(t.claimed_by, ''), coalesce(t.lag_reason, ''), count(*)
FROM d JOIN tasks t ON t.region_id = ?1 AND t.status != 'cancelled'
  AND t.due_at < d.end_at AND t.created_at < d.end_at
  AND (t.completed_at IS NULL OR t.completed_at >= d.end_at)
GROUP BY d.day, t.city_id, t.claimed_by, t.lag_reason`;

/**
 * Deals moved between stages that day (not their creation), by the stage reached. Read from the
 * region's deals through the history's (deal, time) index over the whole period, then placed in
 * their day (CROSS JOIN keeps that order: the history has no index on time alone).
 */
const STAGE_MOVES = `WITH ${DAYS.replace('d AS (', 'd AS MATERIALIZED (')},
period AS (SELECT min(start_at) AS start_at, max(end_at) AS end_at FROM d)
INSERT INTO daily_rollups (region_id, day, metric, city_id, rep_id, dimension, value)
SELECT ?1, d.day, 'stage_moves', deal.city_id, deal.owner_id, h.to_stage, count(*)
FROM period CROSS JOIN deals deal CROSS JOIN deal_stage_history h CROSS JOIN d
WHERE deal.region_id = ?1 AND deal.archived_at IS NULL
  AND h.deal_id = deal.id AND h.changed_at >= period.start_at AND h.changed_at < period.end_at
  AND h.from_stage IS NOT NULL
  AND h.changed_at >= d.start_at AND h.changed_at < d.end_at
GROUP BY d.day, deal.city_id, deal.owner_id, h.to_stage`;

/**
 * The health bands of the region's live customers as they are now (docs/rules.md#customer-health:
 * below 60 red, below 80 amber). Health has no history, so only a run on the day just ended (or
 * the day itself) records it; re-running an older day keeps the snapshot it has.
 */
const HEALTH = `WITH ${DAYS}
INSERT INTO daily_rollups (region_id, day, metric, city_id, rep_id, dimension, value)
SELECT ?1, d.day, 'customers_by_health', c.city_id, c.owner_id,
       CASE WHEN c.health_score < 60 THEN 'red' WHEN c.health_score < 80 THEN 'amber' ELSE 'green' END
         AS band,
       count(*)
FROM d JOIN customers c ON c.region_id = ?1 AND c.archived_at IS NULL AND c.health_score IS NOT NULL
WHERE ?3 < d.end_at + ${DAY}
GROUP BY d.day, c.city_id, c.owner_id, band`;

const STATEMENTS = [
  `DELETE FROM daily_rollups WHERE ${REPLACED_DAYS} AND metric != 'customers_by_health'`,
  `DELETE FROM daily_rollups WHERE region_id = ?1 AND metric = 'customers_by_health'
     AND day IN (SELECT value ->> 'day' FROM json_each(?2) WHERE ?3 < (value ->> 'end') + ${DAY})`,
  `DELETE FROM daily_first_responses WHERE ${REPLACED_DAYS}`,
  VISITS,
  NEW_LEADS,
  FIRST_RESPONSES,
  FIRST_RESPONSE_TOTALS,
  TASKS_DONE,
  TASKS_OVERDUE,
  STAGE_MOVES,
  HEALTH,
  `INSERT INTO rollup_days (region_id, day, computed_at)
   SELECT ?1, value ->> 'day', ?3 FROM json_each(?2) WHERE true
   ON CONFLICT (region_id, day) DO UPDATE SET computed_at = excluded.computed_at`,
];

/** The statements that (re)compute a region's rollups for the given local days, for one batch. */
export function rollupStatements(
  d1: D1Database,
  region: { id: string; timeZone: string },
  days: string[],
  at: number,
): D1PreparedStatement[] {
  const json = JSON.stringify(
    days.map((day): RollupDay => ({
      day,
      ...localDayRange(day, region.timeZone),
      seed: sampleSeed(region.id, day),
    })),
  );
  const params = [region.id, json, at];
  // Each statement binds only the parameters it names (D1 refuses extra ones).
  return STATEMENTS.map((text) =>
    d1
      .prepare(text)
      .bind(
        ...params.slice(0, Math.max(...[...text.matchAll(/\?(\d)/g)].map((m) => Number(m[1])))),
      ),
  );
}

/** Runs the rollups of `days` for a region; returns the rows written (0 when the region is gone). */
export async function computeRollups(
  d1: D1Database,
  regionId: string,
  days: string[],
  at: number,
): Promise<number> {
  const region = await d1
    .prepare('SELECT id, time_zone AS timeZone FROM regions WHERE id = ?')
    .bind(regionId)
    .first<{ id: string; timeZone: string }>();
  if (!region || days.length === 0) return 0;
  const results = await d1.batch(rollupStatements(d1, region, days, at));
  // The three deletes come first: what was written is the changes of the inserts after them.
  return results.slice(3).reduce((total, result) => total + (result.meta.changes ?? 0), 0);
}

/** The scheduled job: the region's rollups for `run.day` (run at local hour 0 for the day just ended). */
export async function runNightlyRollups(env: Env, run: RegionRun): Promise<RunOutcome> {
  const rowsTouched = await computeRollups(env.DB, run.regionId, [run.day], run.at);
  return { rowsTouched, errors: 0 };
}

/**
 * Rollups for every day from `fromDay` to `toDay` (the seed's history, a recovery): the same
 * statements as the nightly run, in slices of a quarter so no statement runs for long.
 */
export async function backfillRollups(
  env: { DB: D1Database },
  regionId: string,
  fromDay: string,
  toDay: string,
  at = Date.now(),
): Promise<number> {
  const days = daysBetween(fromDay, toDay);
  let written = 0;
  for (let i = 0; i < days.length; i += 92)
    written += await computeRollups(env.DB, regionId, days.slice(i, i + 92), at);
  return written;
}
