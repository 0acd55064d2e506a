/**
 * The point-award job: for a region, the points earned in the review window are recomputed from
 * the records themselves in one batch (delete the window, insert what qualifies), so a record
 * reversed within the window loses its points and a run repeated changes nothing. A handful of
 * set-based statements per region, whatever its size.
 */
import { sql, type SQL } from 'drizzle-orm';
import { setStatement } from '../platform/db/set-statement';
import { localDayStart, zoneOffsetMs } from '../platform/time/zones';
import type { RegionRun, RunOutcome } from '../../queues/region-run';
import { POINT_RULES, REVIEW_WINDOW_DAYS, type PointRule } from './rules';

const DAY = 86_400_000;

export type AwardWindow = { regionId: string; from: number; to: number; offsetMs: number };

/**
 * The records that earn `rule`, as rows of (user_id, region_id, city_id, subject_type,
 * subject_id, customer_id, earned_at), inserted as awards keyed `<rule>:<record>`.
 */
function awardsFor(rule: PointRule, earners: SQL): SQL {
  return sql`
    INSERT INTO point_awards
      (id, user_id, region_id, city_id, rule, subject_type, subject_id, customer_id, points, earned_at)
    SELECT ${rule} || ':' || subject_id, user_id, region_id, city_id, ${rule}, subject_type,
           subject_id, customer_id, ${POINT_RULES[rule]}, earned_at
    FROM (${earners})
    WHERE true -- SQLite needs it: an upsert's SELECT would otherwise read ON as a join's
    ON CONFLICT (id) DO NOTHING`;
}

/**
 * Verified visits in the window, the first per rep, customer and local day (D1 binds numbers as
 * reals, hence the cast to a whole day number) (a second check-in at
 * the same customer the same day earns nothing), of customers not archived.
 */
function firstVerifiedVisits(w: AwardWindow, aciComplete: boolean): SQL {
  return sql`
    SELECT rep_id AS user_id, region_id, city_id, 'visit' AS subject_type, id AS subject_id,
           customer_id, visited_at AS earned_at
    FROM (
      SELECT v.*, row_number() OVER (
               PARTITION BY v.rep_id, v.customer_id,
                 cast((v.visited_at + ${w.offsetMs}) / ${DAY} AS integer)
               ORDER BY v.visited_at, v.id) AS nth
      FROM visits v JOIN customers c ON c.id = v.customer_id AND c.archived_at IS NULL
      WHERE v.region_id = ${w.regionId} AND v.visited_at >= ${w.from} AND v.visited_at < ${w.to}
        AND v.check_in_status = 'verified')
    WHERE nth = 1 ${aciComplete ? sql`AND aci_next_follow_up AND aci_evidence AND aci_stage` : sql``}`;
}

function pointAwardQueries(w: AwardWindow): SQL[] {
  return [
    sql`DELETE FROM point_awards
      WHERE region_id = ${w.regionId} AND earned_at >= ${w.from} AND earned_at < ${w.to}`,
    awardsFor('visit.verified', firstVerifiedVisits(w, false)),
    awardsFor('visit.aci_complete', firstVerifiedVisits(w, true)),
    awardsFor(
      'lead.first_touch_on_time',
      sql`
          SELECT l.assignee_id AS user_id, l.region_id, l.city_id, 'lead' AS subject_type,
                 l.id AS subject_id, l.customer_id, l.first_touch_at AS earned_at
          FROM leads l LEFT JOIN customers c ON c.id = l.customer_id
          WHERE l.region_id = ${w.regionId} AND l.assignee_id IS NOT NULL
            AND l.first_touch_at >= ${w.from} AND l.first_touch_at < ${w.to}
            AND l.first_touch_at <= l.first_touch_deadline AND c.archived_at IS NULL`,
    ),
    awardsFor(
      'task.done_on_time',
      sql`
          SELECT t.claimed_by AS user_id, t.region_id, t.city_id, 'task' AS subject_type,
                 t.id AS subject_id, NULL AS customer_id, t.completed_at AS earned_at
          FROM tasks t
          WHERE t.region_id = ${w.regionId} AND t.status = 'done' AND t.claimed_by IS NOT NULL
            AND t.completed_at >= ${w.from} AND t.completed_at < ${w.to}
            AND t.completed_at <= t.due_at
            AND (t.evidence_photo_key IS NOT NULL OR t.evidence_note IS NOT NULL
                 OR t.evidence_lat IS NOT NULL)`,
    ),
    awardsFor(
      'contract.renewed',
      sql`
          SELECT k.owner_id AS user_id, k.region_id, c.city_id, 'contract' AS subject_type,
                 k.id AS subject_id, k.customer_id, k.updated_at AS earned_at
          FROM contracts k JOIN customers c ON c.id = k.customer_id AND c.archived_at IS NULL
          WHERE k.region_id = ${w.regionId} AND k.status = 'renewed' AND k.archived_at IS NULL
            AND k.updated_at >= ${w.from} AND k.updated_at < ${w.to}`,
    ),
  ];
}

/**
 * Recomputes a region's points over `[from, to)` in one D1 batch, whatever was there before;
 * returns how many awards it wrote.
 */
export async function awardPoints(
  d1: D1Database,
  regionId: string,
  from: number,
  to: number,
): Promise<number> {
  const region = await d1
    .prepare('SELECT time_zone FROM regions WHERE id = ?')
    .bind(regionId)
    .first<{ time_zone: string }>();
  if (!region) return 0;
  // From a local midnight, so "first visit of the day" never sees half a day.
  const window = {
    regionId,
    from: localDayStart(from, region.time_zone),
    to,
    offsetMs: zoneOffsetMs(to, region.time_zone),
  };
  const results = await d1.batch(pointAwardQueries(window).map((query) => setStatement(d1, query)));
  return results.slice(1).reduce((total, result) => total + (result.meta.changes ?? 0), 0);
}

/** Hourly: the review window up to the run's hour, so the leaderboard is never an hour behind. */
export async function runPointAwards(env: Env, run: RegionRun): Promise<RunOutcome> {
  const rowsTouched = await awardPoints(
    env.DB,
    run.regionId,
    run.at - REVIEW_WINDOW_DAYS * DAY,
    run.at,
  );
  return { rowsTouched, errors: 0 };
}
