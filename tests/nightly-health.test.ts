import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { runNightlyHealth } from '../worker/customers/nightly-health';
import { customerHealth, leastAdvancedOpenDeal, percentile90 } from '../worker/customers/health';
import type { DealStage } from '../worker/platform/db/schema';
import { addDays } from '../worker/renewals/rules';
import { localDay } from '../worker/platform/time/zones';
import { seedTinyCompany } from './helpers/seed';
import { insertContract, insertCustomer, localAt } from './helpers/book';
import { signInAs } from './helpers/http';

const EAST = { regionId: 'reg_east', cityId: 'city_shanghai', timeZone: 'Asia/Shanghai' };
const DAY = 86_400_000;
const today = localDay(Date.now(), EAST.timeZone);

/** The night of `offset` days from today, as scheduled: at 01:00 local the next day. */
function nightOf(offset: number) {
  const day = addDays(today, offset);
  return { regionId: EAST.regionId, day, at: localAt(addDays(day, 1), EAST.timeZone, 1) };
}

async function scores(regionId: string) {
  const { results } = await env.DB.prepare(
    'select id, health_score, health_weakest from customers where region_id = ? order by id',
  )
    .bind(regionId)
    .all<{ id: string; health_score: number | null; health_weakest: string | null }>();
  return results;
}

async function redTodos(customerId: string) {
  const { results } = await env.DB.prepare(
    `select event_id, owner_id, status from escalations
     where kind = 'health_red' and subject_type = 'customer' and subject_id = ? order by opened_at`,
  )
    .bind(customerId)
    .all<{ event_id: string; owner_id: string | null; status: string }>();
  return results;
}

/** Red: never touched, no deal, no contract (0 + 30 + 0). Amber: touched yesterday (40 + 30 + 0). */
async function setTouched(customerId: string, lastTouchAt: number | null) {
  await env.DB.prepare('update customers set last_touch_at = ? where id = ?')
    .bind(lastTouchAt, customerId)
    .run();
}

beforeAll(async () => {
  await seedTinyCompany();
  for (const id of ['cus_health_red', 'cus_health_once'])
    await insertCustomer({
      id,
      name: `Customer ${id}`,
      regionId: EAST.regionId,
      cityId: EAST.cityId,
      ownerId: 'usr_rep_east1',
      now: Date.now(),
    });
  // Amber (touched on night 0) until a test turns them red.
  for (const id of ['cus_health_red', 'cus_health_once']) await setTouched(id, nightOf(0).at);
  // Running contracts of different values for a few of the region's customers: a real percentile.
  const { results } = await env.DB.prepare(
    "select id, owner_id from customers where region_id = 'reg_east' and id not like 'cus_health%' order by id limit 6",
  ).all<{ id: string; owner_id: string }>();
  for (const [i, customer] of results.entries())
    await insertContract({
      id: `ctr_health_${i}`,
      customerId: customer.id,
      ownerId: customer.owner_id,
      regionId: EAST.regionId,
      endAt: Date.now() + 200 * DAY,
      amountCents: (i + 1) * 3_333_333,
    });
});

describe('nightly customer health', () => {
  it('writes for every customer of the region what the pure formula gives', async () => {
    const run = nightOf(0);
    const westBefore = await scores('reg_west');
    await runNightlyHealth(env, run);

    // The inputs, read the plain way: one customer at a time.
    const { results: book } = await env.DB.prepare(
      `select c.id, c.last_touch_at,
         (select coalesce(sum(amount_cents), 0) from contracts k
           where k.customer_id = c.id and k.end_at >= ? and k.archived_at is null) as value_cents
       from customers c where c.region_id = ? and c.archived_at is null`,
    )
      .bind(run.at, EAST.regionId)
      .all<{ id: string; last_touch_at: number | null; value_cents: number }>();
    const { results: openDeals } = await env.DB.prepare(
      `select customer_id, stage, stage_entered_at from deals
       where region_id = ? and archived_at is null and stage not in ('won', 'lost')`,
    )
      .bind(EAST.regionId)
      .all<{ customer_id: string; stage: DealStage; stage_entered_at: number }>();
    const p90 = percentile90(book.map((c) => c.value_cents).filter((v) => v > 0));
    expect(p90).toBeGreaterThan(0);
    const expected = book
      .map((customer) => {
        const health = customerHealth({
          now: run.at,
          lastTouchAt: customer.last_touch_at,
          openDeal: leastAdvancedOpenDeal(
            openDeals
              .filter((deal) => deal.customer_id === customer.id)
              .map((deal) => ({ stage: deal.stage, stageEnteredAt: deal.stage_entered_at })),
          ),
          contractValueCents: customer.value_cents,
          regionP90ContractValueCents: p90,
        });
        return { id: customer.id, health_score: health.score, health_weakest: health.weakest };
      })
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(expected.length).toBeGreaterThan(10);
    // A mix of bands, so the comparison covers each branch.
    expect(new Set(expected.map((e) => e.health_score < 60))).toEqual(new Set([true, false]));
    expect(await scores(EAST.regionId)).toEqual(expected);

    const stats = await env.DB.prepare(
      'select contract_value_p90_cents as p90 from region_stats where region_id = ?',
    )
      .bind(EAST.regionId)
      .first<{ p90: number }>();
    expect(stats!.p90).toBe(p90);
    // Another region is left alone.
    expect(await scores('reg_west')).toEqual(westBefore);
    const westNights = await env.DB.prepare(
      "select count(*) as n from customer_health_nights where region_id = 'reg_west'",
    ).first<{ n: number }>();
    expect(westNights!.n).toBe(0);
  });

  it('gives the same rows when run twice', async () => {
    const run = nightOf(0);
    const snapshot = async () => ({
      customers: await scores(EAST.regionId),
      nights: (
        await env.DB.prepare(
          'select * from customer_health_nights where region_id = ? order by customer_id, day',
        )
          .bind(EAST.regionId)
          .all()
      ).results,
    });
    const first = await snapshot();
    await runNightlyHealth(env, run);
    expect(await snapshot()).toEqual(first);
  });

  it('makes a manager to-do of a customer red two nights running, once per red stretch', async () => {
    await setTouched('cus_health_red', null);
    await runNightlyHealth(env, nightOf(1));
    expect(await redTodos('cus_health_red')).toEqual([]);

    await runNightlyHealth(env, nightOf(2));
    await runNightlyHealth(env, nightOf(2));
    await runNightlyHealth(env, nightOf(3));
    expect(await redTodos('cus_health_red')).toEqual([
      {
        event_id: `health_red:cus_health_red:${addDays(today, 1)}`,
        owner_id: 'usr_manager_east',
        status: 'open',
      },
    ]);

    // Recovers for a night, then turns red again: a new stretch, a new to-do on its second night.
    await setTouched('cus_health_red', nightOf(4).at - DAY);
    await runNightlyHealth(env, nightOf(4));
    await setTouched('cus_health_red', null);
    await runNightlyHealth(env, nightOf(5));
    expect(await redTodos('cus_health_red')).toHaveLength(1);
    await runNightlyHealth(env, nightOf(6));
    expect((await redTodos('cus_health_red')).map((todo) => todo.event_id)).toEqual([
      `health_red:cus_health_red:${addDays(today, 1)}`,
      `health_red:cus_health_red:${addDays(today, 5)}`,
    ]);
  });

  it('makes no to-do of a customer red for one night only', async () => {
    await runNightlyHealth(env, nightOf(7));
    await setTouched('cus_health_once', null);
    await runNightlyHealth(env, nightOf(8));
    await setTouched('cus_health_once', nightOf(9).at - DAY);
    await runNightlyHealth(env, nightOf(9));
    const { results } = await env.DB.prepare(
      "select band from customer_health_nights where customer_id = 'cus_health_once' and day >= ? order by day",
    )
      .bind(addDays(today, 7))
      .all<{ band: string }>();
    expect(results.map((r) => r.band)).toEqual(['amber', 'red', 'amber']);
    expect(await redTodos('cus_health_once')).toEqual([]);
  });

  it('shows the to-do on the manager’s board with the customer’s name', async () => {
    const manager = await signInAs('manager.east@example.com');
    const html = await (await manager.get('/manager/escalations?kind=health_red')).text();
    const row = html.slice(html.indexOf('Customer red two nights running'));
    expect(row).toContain('Customer red two nights running');
    expect(row).toContain('href="/customers/cus_health_red"');
    expect(row).toContain('Customer cus_health_red');
  });
});
