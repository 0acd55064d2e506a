import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { runContractExpiryAlerts } from '../worker/renewals/expiry-job';
import { addDays } from '../worker/renewals/rules';
import { localDay } from '../worker/platform/time/zones';
import { seedTinyCompany } from './helpers/seed';
import { insertContract, insertCustomer, insertOrder, localAt } from './helpers/book';
import { call, signInAs } from './helpers/http';

const EAST = { regionId: 'reg_east', cityId: 'city_shanghai', timeZone: 'Asia/Shanghai' };
const WEST = { regionId: 'reg_west', cityId: 'city_urumqi', timeZone: 'Asia/Urumqi' };
const DAY = 86_400_000;
const today = localDay(Date.now(), EAST.timeZone);

/** The job for `day` in `region`, at 09:00 local. */
function runFor(region: { regionId: string; timeZone: string }, day: string) {
  return runContractExpiryAlerts(env, {
    regionId: region.regionId,
    day,
    at: localAt(day, region.timeZone),
  });
}

async function alertsOf(contractId: string) {
  const { results } = await env.DB.prepare(
    'select days_before, sent_at from contract_expiry_alerts where contract_id = ? order by sent_at',
  )
    .bind(contractId)
    .all<{ days_before: number; sent_at: number }>();
  return results;
}

async function expiryNoticesOf(contractId: string) {
  const { results } = await env.DB.prepare(
    `select recipient_id, message_params, created_at from notifications
     where channel = 'inbox' and kind = 'contract.expiring' and subject_id = ? order by created_at`,
  )
    .bind(contractId)
    .all<{ recipient_id: string; message_params: string; created_at: number }>();
  return results.map((row) => ({ ...row, params: JSON.parse(row.message_params) }));
}

beforeAll(async () => {
  await seedTinyCompany();
  const now = Date.now();
  for (const [id, region, ownerId] of [
    ['cus_exp_plain', EAST, 'usr_rep_east1'],
    ['cus_exp_west', WEST, 'usr_rep_west1'],
  ] as const)
    await insertCustomer({
      id,
      name: `Customer ${id}`,
      regionId: region.regionId,
      cityId: region.cityId,
      ownerId,
      now,
    });
});

describe('contract expiry alerts', () => {
  it('fire 30, 14, 7 and 1 days before the end, once each, however often the job runs', async () => {
    // Ends at noon on the 31st region-local day from today.
    const endDay = addDays(today, 31);
    await insertContract({
      id: 'ctr_exp_ladder',
      customerId: 'cus_exp_plain',
      ownerId: 'usr_rep_east1',
      regionId: EAST.regionId,
      endAt: localAt(endDay, EAST.timeZone, 12),
    });
    for (let offset = 0; offset <= 32; offset++) {
      const day = addDays(today, offset);
      await runFor(EAST, day);
      await runFor(EAST, day); // a redelivered message
    }
    const alerts = await alertsOf('ctr_exp_ladder');
    expect(alerts.map((a) => a.days_before)).toEqual([30, 14, 7, 1]);
    // Each on the day it was due: 31 − 30 = day 1 from today, then days 17, 24 and 30.
    expect(alerts.map((a) => localDay(a.sent_at, EAST.timeZone))).toEqual(
      [1, 17, 24, 30].map((offset) => addDays(today, offset)),
    );
    const notices = await expiryNoticesOf('ctr_exp_ladder');
    expect(notices.map((n) => [n.recipient_id, n.params.days])).toEqual([
      ['usr_rep_east1', 30],
      ['usr_rep_east1', 14],
      ['usr_rep_east1', 7],
      ['usr_rep_east1', 1],
    ]);
  });

  it('catches up with the latest threshold only: 6 days out gets the 7-day alert', async () => {
    await insertContract({
      id: 'ctr_exp_late',
      customerId: 'cus_exp_plain',
      ownerId: 'usr_rep_east1',
      regionId: EAST.regionId,
      endAt: localAt(addDays(today, 6), EAST.timeZone, 12),
    });
    await runFor(EAST, today);
    expect((await alertsOf('ctr_exp_late')).map((a) => a.days_before)).toEqual([7]);
    expect((await expiryNoticesOf('ctr_exp_late')).map((n) => n.params.days)).toEqual([6]);
    // The next day it is 5 days out: still the 7-day window, nothing new.
    await runFor(EAST, addDays(today, 1));
    expect(await alertsOf('ctr_exp_late')).toHaveLength(1);
  });

  it('counts days in the region’s own calendar', async () => {
    // One instant: 00:30 tomorrow in Shanghai (UTC+8), still 22:30 today in Urumqi (UTC+6).
    const instant = localAt(addDays(today, 1), EAST.timeZone, 0) + 30 * 60_000;
    await insertContract({
      id: 'ctr_exp_tz_east',
      customerId: 'cus_exp_plain',
      ownerId: 'usr_rep_east1',
      regionId: EAST.regionId,
      endAt: instant,
    });
    await insertContract({
      id: 'ctr_exp_tz_west',
      customerId: 'cus_exp_west',
      ownerId: 'usr_rep_west1',
      regionId: WEST.regionId,
      endAt: instant,
    });
    await runFor(EAST, today);
    await runFor(WEST, today);
    // Shanghai: it ends tomorrow, the 1-day alert. Urumqi: it ends today, too late for any.
    expect((await alertsOf('ctr_exp_tz_east')).map((a) => a.days_before)).toEqual([1]);
    expect(await alertsOf('ctr_exp_tz_west')).toEqual([]);
  });

  it('leaves out contracts that are not active, archived, or of another region', async () => {
    const endAt = localAt(addDays(today, 10), EAST.timeZone, 12);
    await insertContract({
      id: 'ctr_exp_draft',
      customerId: 'cus_exp_plain',
      ownerId: 'usr_rep_east1',
      regionId: EAST.regionId,
      endAt,
      status: 'draft',
    });
    await insertContract({
      id: 'ctr_exp_archived',
      customerId: 'cus_exp_plain',
      ownerId: 'usr_rep_east1',
      regionId: EAST.regionId,
      endAt,
    });
    await env.DB.prepare("update contracts set archived_at = ? where id = 'ctr_exp_archived'")
      .bind(Date.now())
      .run();
    await insertContract({
      id: 'ctr_exp_other_region',
      customerId: 'cus_exp_west',
      ownerId: 'usr_rep_west1',
      regionId: WEST.regionId,
      endAt,
    });
    await runFor(EAST, today);
    for (const id of ['ctr_exp_draft', 'ctr_exp_archived', 'ctr_exp_other_region'])
      expect(await alertsOf(id)).toEqual([]);
  });
});

describe('renewal preparation', () => {
  const recipientsOf = async (contractId: string) => {
    const { results } = await env.DB.prepare(
      `select n.recipient_id from notifications n
       join renewal_preparations p on p.id = n.subject_id
       where n.channel = 'inbox' and n.kind = 'renewal.prepared' and p.contract_id = ?
       order by n.recipient_id`,
    )
      .bind(contractId)
      .all<{ recipient_id: string }>();
    return results.map((row) => row.recipient_id);
  };
  const preparationsOf = async (contractId: string) =>
    (
      await env.DB.prepare('select id from renewal_preparations where contract_id = ?')
        .bind(contractId)
        .all<{ id: string }>()
    ).results;

  /** A customer of rep east1 with `orders` purchases in the last months (plus old or cancelled ones). */
  async function customerWithOrders(id: string, orders: number, extra: 'old' | 'cancelled' | null) {
    const at = localAt(today, EAST.timeZone);
    await insertCustomer({
      id,
      name: `Repeat buyer ${id}`,
      regionId: EAST.regionId,
      cityId: EAST.cityId,
      ownerId: 'usr_rep_east1',
      now: at,
    });
    for (let k = 0; k < orders; k++)
      await insertOrder({
        id: `${id}_o${k}`,
        customerId: id,
        ownerId: 'usr_rep_east1',
        regionId: EAST.regionId,
        orderedAt: at - (10 + 30 * k) * DAY,
      });
    if (extra)
      await insertOrder({
        id: `${id}_extra`,
        customerId: id,
        ownerId: 'usr_rep_east1',
        regionId: EAST.regionId,
        orderedAt: extra === 'old' ? at - 200 * DAY : at - 5 * DAY,
        status: extra === 'cancelled' ? 'cancelled' : 'delivered',
      });
    await insertContract({
      id: `ctr_${id}`,
      customerId: id,
      ownerId: 'usr_rep_east1',
      regionId: EAST.regionId,
      endAt: localAt(addDays(today, 20), EAST.timeZone, 12),
    });
  }

  it('goes once to exactly the owner and the region’s business and legal users', async () => {
    await customerWithOrders('cus_rnw_three', 3, null);
    await runFor(EAST, today);
    await runFor(EAST, today);
    await runFor(EAST, addDays(today, 1));
    expect(await preparationsOf('ctr_cus_rnw_three')).toHaveLength(1);
    // Not another region's business user, not rep east2 (not the owner), not the manager.
    expect(await recipientsOf('ctr_cus_rnw_three')).toEqual([
      'usr_business_east',
      'usr_legal_east',
      'usr_rep_east1',
    ]);
  });

  it('goes out through the recipient’s own routes too, once', async () => {
    await env.DB.prepare(
      `insert into notification_routes (id, name, user_id, channel, url, created_at)
       values ('route_business_east', 'Business desk', 'usr_business_east', 'webhook', 'https://hooks.example.com/b', ?)`,
    )
      .bind(Date.now())
      .run();
    await customerWithOrders('cus_rnw_routed', 4, null);
    await runFor(EAST, today);
    await runFor(EAST, today);
    const { results } = await env.DB.prepare(
      `select n.recipient_id, n.status, n.title_key from notifications n
       join renewal_preparations p on p.id = n.subject_id
       where n.route_id = 'route_business_east' and p.contract_id = 'ctr_cus_rnw_routed'`,
    ).all();
    expect(results).toEqual([
      {
        recipient_id: 'usr_business_east',
        status: 'pending',
        title_key: 'notification.renewalPrepared.title',
      },
    ]);
  });

  it('is not made for customers with 2 purchases or fewer in the last 6 months', async () => {
    await customerWithOrders('cus_rnw_two_old', 2, 'old');
    await customerWithOrders('cus_rnw_two_cancelled', 2, 'cancelled');
    await runFor(EAST, today);
    expect(await preparationsOf('ctr_cus_rnw_two_old')).toEqual([]);
    expect(await preparationsOf('ctr_cus_rnw_two_cancelled')).toEqual([]);
    expect(await recipientsOf('ctr_cus_rnw_two_old')).toEqual([]);
  });
});

describe('renewals pages', () => {
  const name = 'Repeat buyer cus_rnw_three';
  let path: string;
  const heading = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
  const section = (html: string, id: string) => {
    const start = html.indexOf(`id="${id}"`);
    return html.slice(start, html.indexOf('</section>', start));
  };

  beforeAll(async () => {
    const row = await env.DB.prepare(
      "select id from renewal_preparations where contract_id = 'ctr_cus_rnw_three'",
    ).first<{ id: string }>();
    path = `/renewals/${row!.id}`;
    // The same product bought twice: the later price is the last price.
    const at = localAt(today, EAST.timeZone);
    for (const [id, daysAgo, price] of [
      ['ord_rnw_gateway_old', 90, 40_000],
      ['ord_rnw_gateway_new', 3, 45_600],
    ] as const)
      await insertOrder({
        id,
        customerId: 'cus_rnw_three',
        ownerId: 'usr_rep_east1',
        regionId: EAST.regionId,
        orderedAt: at - daysAgo * DAY,
        product: 'Gateway X2',
        unitPriceCents: price,
      });
  });

  it('list the region’s lists for business, with the customer, and open one with its last prices', async () => {
    const business = await signInAs('business.east@example.com');
    const list = await (await business.get('/renewals')).text();
    expect(list).toContain(`href="${path}"`);
    expect(list).toContain(name);
    const response = await business.get(path);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(heading(html)).toBe(name);
    const prices = section(html, 'renewal-prices');
    expect(prices).toContain('<dt>Gateway X2</dt><dd>CN¥456 ·');
    expect(prices).not.toContain('CN¥400');
    expect(prices).toContain('<dt>Sensor kit</dt><dd>CN¥100');
    expect(section(html, 'renewal-terms')).toContain('T-ctr_cus_rnw_three');
    expect(section(html, 'renewal-checklist')).toContain('Legal review of the renewal terms');
  });

  it('answer 404 outside the list’s scope: another region’s business user, a rep who is not the owner, an admin', async () => {
    const southBusiness = await signInAs('business.south@example.com');
    expect((await southBusiness.get(path)).status).toBe(404);
    expect(await (await southBusiness.get('/renewals')).text()).not.toContain(name);
    const otherRep = await signInAs('rep.east2@example.com');
    expect((await otherRep.get(path)).status).toBe(404);
    const owner = await signInAs('rep.east1@example.com');
    expect(heading(await (await owner.get(path)).text())).toBe(name);
    const admin = await signInAs('admin@example.com');
    expect((await admin.get('/renewals')).status).toBe(404);
  });

  it('link each recipient’s notification to the list, and an expiry alert to its contract', async () => {
    const legal = await signInAs('legal.east@example.com');
    expect(await (await legal.get('/inbox')).text()).toContain(`href="${path}"`);
    const owner = await signInAs('rep.east1@example.com');
    const inbox = await (await owner.get('/inbox')).text();
    expect(inbox).toContain('href="/contracts/ctr_cus_rnw_three"');
    expect(inbox).toContain('Contract T-ctr_cus_rnw_three ends in 20 days');
  });

  it('tick checklist items with CSRF, audited on the customer’s timeline', async () => {
    const legal = await signInAs('legal.east@example.com');
    const action = `${path}/checks/legal_review/done`;
    const forged = await call(action, {
      method: 'POST',
      headers: { cookie: legal.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(forged.status).toBe(403);
    const southLegal = await signInAs('legal.south@example.com');
    expect((await southLegal.post(action)).status).toBe(404);

    const done = await legal.post(action);
    expect(done.status).toBe(303);
    await legal.post(action); // a double submit
    const html = await (await legal.get(path)).text();
    const item = html.slice(html.indexOf('id="check-legal_review"'));
    expect(item.slice(0, item.indexOf('</li>'))).toMatch(/Checked by [^<]+/);
    expect(await (await legal.get('/renewals')).text()).toContain('1 of 4 checked');
    const audit = await env.DB.prepare(
      "select action, actor_id, customer_id from audit_log where subject_type = 'renewal' order by created_at",
    ).all<{ action: string; actor_id: string; customer_id: string }>();
    expect(audit.results).toEqual([
      { action: 'renewal.item_checked', actor_id: 'usr_legal_east', customer_id: 'cus_rnw_three' },
    ]);
  });
});
