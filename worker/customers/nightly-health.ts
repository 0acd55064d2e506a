/**
 * The nightly health job of a region (docs/rules.md#nightly-health): every live customer's health
 * by the formula of `health.ts`, written in one batch of five set-based statements per region,
 * never one query per customer. A visit still rescores its customer at once (log-visit.ts).
 *
 * 1. `region_stats`: the region's 90th percentile of contract values (what "value" compares with).
 * 2. `customer_health_nights`: each customer's score, band and weakest factor for `run.day`, and
 *    the red stretch it belongs to (`red_since`, carried over from the night before).
 * 3. `customers.health_score` / `health_weakest` from that night. Steps 1 and 3 are skipped when
 *    a later night exists: re-running a past day rewrites its history, not today's figures.
 * 4. A customer red two nights running becomes a to-do (escalation `health_red`) of the region's
 *    manager, once per red stretch (its event id names the stretch).
 * 5. Nights older than `NIGHTS_KEPT` go.
 * Every statement is keyed by (customer, day), the region or the event id: running it twice, or
 * again for a past day, gives the same rows.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { RegionRun, RunOutcome } from '../../queues/region-run';
import { setStatement } from '../platform/db/set-statement';
import {
  contracts,
  customerHealthNights,
  customers,
  deals,
  escalations,
  regionStats,
  users,
} from '../platform/db/schema';
import { addDays } from '../renewals/rules';
import { HEALTH_BAND_BELOW, STAGE_NORM_DAYS } from './health';

/** Nights of history kept per customer: enough for "two nights running" and a week-on-week look. */
export const NIGHTS_KEPT = 14;

/** The open stages in the order `leastAdvancedOpenDeal` ranks them, with their norms. */
const OPEN_STAGES = Object.entries(STAGE_NORM_DAYS).filter(
  (entry): entry is [string, number] => entry[1] !== null,
);
const stageRank = sql.raw(
  `case ${deals.stage.name} ${OPEN_STAGES.map(([stage], i) => `when '${stage}' then ${i}`).join(' ')} end`,
);
const stageNorm = sql.raw(
  `case ${deals.stage.name} ${OPEN_STAGES.map(([stage, norm]) => `when '${stage}' then ${norm}`).join(' ')} end`,
);
const openStageList = sql.raw(OPEN_STAGES.map(([stage]) => `'${stage}'`).join(', '));

/** `healthBand` over a `score` column. */
const bandOf = (score: SQL) =>
  sql`case when ${score} < ${HEALTH_BAND_BELOW.red} then 'red' when ${score} < ${HEALTH_BAND_BELOW.amber} then 'amber' else 'green' end`;

/** The value of a customer's running contracts, as a visit's rescoring sums it (log-visit.ts). */
const contractValue = (customerId: SQL, at: number) => sql`(
  select coalesce(sum(${contracts.amountCents}), 0) from ${contracts}
  where ${contracts.customerId} = ${customerId} and ${contracts.endAt} >= ${at}
    and ${contracts.archivedAt} is null)`;

/** The region's live customers with their contract value, and its nearest-rank 90th percentile. */
function valuesAndP90(run: RegionRun) {
  return sql`
    book as (
      select ${customers.id} as id, ${customers.lastTouchAt} as last_touch_at,
        ${contractValue(sql`${customers.id}`, run.at)} as value_cents
      from ${customers}
      where ${customers.regionId} = ${run.regionId} and ${customers.archivedAt} is null
    ),
    valued as (select value_cents from book where value_cents > 0),
    p90 as (
      select coalesce((select value_cents from valued order by value_cents
        limit 1 offset ((select count(*) from valued) * 9 + 9) / 10 - 1), 0) as cents
    )`;
}

export async function runNightlyHealth(env: Env, run: RegionRun): Promise<RunOutcome> {
  const statement = (query: SQL) => setStatement(env.DB, query);
  const previousDay = addDays(run.day, -1);
  const laterNightExists = sql`exists (select 1 from ${customerHealthNights} as later
    where later.region_id = ${run.regionId} and later.day > ${run.day})`;

  // The formula of `customerHealth`, factor by factor, in the same floating-point steps.
  const scored = sql`
    with ${valuesAndP90(run)},
    factors as (
      select book.id,
        case when book.last_touch_at is null then 0.0
          else max(0.0, min(1.0, (30 - (${run.at} - book.last_touch_at) / 86400000.0) / 23.0)) end
          as recency,
        coalesce((
          select max(0.0, min(1.0,
            1 - ((${run.at} - ${deals.stageEnteredAt}) / 86400000.0 - ${stageNorm}) / ${stageNorm}))
          from ${deals}
          where ${deals.customerId} = book.id and ${deals.stage} in (${openStageList})
            and ${deals.archivedAt} is null
          order by ${stageRank}, ${deals.stageEnteredAt} limit 1
        ), 1.0) as velocity,
        case when p90.cents <= 0 then (case when book.value_cents > 0 then 1.0 else 0.0 end)
          else max(0.0, min(1.0, book.value_cents * 1.0 / p90.cents)) end as value
      from book, p90
    ),
    scores as (
      select id, cast(round(40 * recency + 30 * velocity + 30 * value) as integer) as score,
        40 * (1 - recency) as lost_recency, 30 * (1 - velocity) as lost_velocity,
        30 * (1 - value) as lost_value
      from factors
    ),
    banded as (
      select id, score, ${bandOf(sql`score`)} as band,
        case when lost_recency >= lost_velocity and lost_recency >= lost_value then 'recency'
          when lost_velocity >= lost_value then 'velocity' else 'value' end as weakest
      from scores
    )`;

  const results = await env.DB.batch([
    statement(sql`with ${valuesAndP90(run)}
      insert into ${regionStats} (region_id, contract_value_p90_cents, computed_at)
      select ${run.regionId}, p90.cents, ${run.at} from p90 where true
      on conflict (region_id) do update set
        contract_value_p90_cents = excluded.contract_value_p90_cents,
        computed_at = excluded.computed_at
      where not ${laterNightExists}`),
    statement(sql`${scored}
      insert into ${customerHealthNights} (customer_id, day, region_id, score, band, weakest, red_since)
      select banded.id, ${run.day}, ${run.regionId}, banded.score, banded.band, banded.weakest,
        case when banded.band = 'red' then coalesce((
          select before.red_since from ${customerHealthNights} as before
          where before.customer_id = banded.id and before.day = ${previousDay}
        ), ${run.day}) end
      from banded where true
      on conflict (customer_id, day) do update set
        score = excluded.score, band = excluded.band, weakest = excluded.weakest,
        red_since = excluded.red_since`),
    statement(sql`
      update ${customers} set health_score = night.score, health_weakest = night.weakest
      from ${customerHealthNights} as night
      where night.customer_id = ${customers.id} and night.region_id = ${run.regionId}
        and night.day = ${run.day} and not ${laterNightExists}`),
    statement(sql`
      insert into ${escalations} (id, event_id, region_id, kind, subject_type, subject_id, owner_id,
        subject_owner_id, level, status, opened_at, due_at)
      select lower(hex(randomblob(16))), 'health_red:' || night.customer_id || ':' || night.red_since,
        ${run.regionId}, 'health_red', 'customer', night.customer_id,
        (select ${users.id} from ${users} where ${users.active} = 1 and ${users.role} = 'manager'
          and ${users.regionId} = ${run.regionId} order by ${users.id} limit 1),
        ${customers.ownerId}, 1, 'open', ${run.at}, ${run.at}
      from ${customerHealthNights} as night
      join ${customers} on ${customers.id} = night.customer_id
      where night.region_id = ${run.regionId} and night.day = ${run.day}
        and night.red_since < ${run.day}
      on conflict (event_id) do nothing`),
    statement(sql`
      delete from ${customerHealthNights}
      where region_id = ${run.regionId} and day < ${addDays(run.day, -NIGHTS_KEPT)}`),
  ]);
  const rowsTouched = results.reduce((total, result) => total + (result.meta.changes ?? 0), 0);
  return { rowsTouched, errors: 0 };
}
