import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../worker/auth/password';
import { regionWall } from '../worker/tasks/wall';
import type { RegionWall } from '../durable-objects/region-wall/region-wall';
import { call, signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

const LEAVER = 'usr_leaver';
const LEAVER_EMAIL = 'leaver.east@example.com';
const REGION = 'reg_east';
const NOW = Date.now();
const DAY = 86_400_000;

let admin: Browser;
let manager: Browser;
let leaver: Browser;
let leaverToken: string;
let cityId: string;

const run = (sql: string, ...params: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...params)
    .run();

async function countWhere(sql: string, ...params: unknown[]): Promise<number> {
  return (await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>())!.n;
}

/** How many of the rows `ids` of `table` name the successor (the east manager) in `column`. */
const successorHolds = (table: string, column: string, ...ids: string[]) =>
  countWhere(
    `SELECT count(*) AS n FROM ${table} WHERE ${column} = 'usr_manager_east' AND id IN (${ids.map(() => '?').join(',')})`,
    ...ids,
  );

/** Waits until the wall's outbox has written its task changes to D1. */
async function outboxDrained() {
  for (let i = 0; i < 200; i++) {
    const left = await runInDurableObject(
      regionWall(env, REGION),
      (_: RegionWall, state) =>
        state.storage.sql.exec('SELECT count(*) AS n FROM outbox').one().n as number,
    );
    if (left === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const bearer = (token: string, path: string) =>
  call(path, { headers: { authorization: `Bearer ${token}` } });

/** The open-work counts the deactivate page shows, by kind. */
function openWorkOnPage(html: string): Record<string, number> {
  return Object.fromEntries(
    [...html.matchAll(/<li data-kind="(\w+)">[^<]*: <strong>(\d+)<\/strong>/g)].map((m) => [
      m[1]!,
      Number(m[2]),
    ]),
  );
}

beforeAll(async () => {
  await seedTinyCompany();
  cityId = (await env.DB.prepare("SELECT city_id FROM users WHERE id = 'usr_rep_east1'").first<{
    city_id: string;
  }>())!.city_id;
  await run(
    `INSERT INTO users (id, email, name, role, region_id, city_id, manager_id, password_hash) VALUES (?, ?, 'Lena Leaver', 'rep', ?, ?, 'usr_manager_east', ?)`,
    LEAVER,
    LEAVER_EMAIL,
    REGION,
    cityId,
    await hashPassword('fieldwall-demo'),
  );
  // Their own customer, with an open deal, an open lead, an active contract and an open order.
  await run(
    `INSERT INTO customers (id, name, region_id, city_id, owner_id, grade, industry, lifecycle_stage, created_at, updated_at)
     VALUES ('cus_lv', 'Leaver Book Co', ?, ?, ?, 'B', 'Retail', 'active', ?, ?)`,
    REGION,
    cityId,
    LEAVER,
    NOW,
    NOW,
  );
  await run(
    `INSERT INTO deals (id, customer_id, owner_id, region_id, city_id, name, stage, amount_cents, stage_entered_at, last_progress_at, created_at)
     VALUES ('deal_lv', 'cus_lv', ?, ?, ?, 'Leaver deal', 'propose', 100000, ?, ?, ?)`,
    LEAVER,
    REGION,
    cityId,
    NOW - DAY,
    NOW - DAY,
    NOW - DAY,
  );
  // A deal of theirs on a colleague's customer, and a lead with no customer yet.
  const colleagueCustomer = (await env.DB.prepare(
    "SELECT id FROM customers WHERE owner_id = 'usr_rep_east1' LIMIT 1",
  ).first<{ id: string }>())!.id;
  await run(
    `INSERT INTO deals (id, customer_id, owner_id, region_id, city_id, name, stage, amount_cents, stage_entered_at, last_progress_at, created_at)
     VALUES ('deal_lv_other', ?, ?, ?, ?, 'Side deal', 'qualify', 50000, ?, ?, ?)`,
    colleagueCustomer,
    LEAVER,
    REGION,
    cityId,
    NOW - DAY,
    NOW - DAY,
    NOW - DAY,
  );
  for (const [id, customer] of [
    ['lead_lv', 'cus_lv'],
    ['lead_lv_loose', null],
  ])
    await run(
      `INSERT INTO leads (id, region_id, city_id, customer_id, assignee_id, channel, name, priority, status, assigned_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'phone', 'Lead', 'normal', 'new', ?, ?, ?)`,
      id,
      REGION,
      cityId,
      customer,
      LEAVER,
      NOW,
      NOW,
      NOW,
    );
  await run(
    `INSERT INTO contracts (id, number, customer_id, owner_id, region_id, skus, amount_cents, start_at, end_at, payment_terms, status, created_at)
     VALUES ('ctr_lv', 'C-LV-1', 'cus_lv', ?, ?, '[]', 500000, ?, ?, 'net 30', 'active', ?)`,
    LEAVER,
    REGION,
    NOW - 30 * DAY,
    NOW + 300 * DAY,
    NOW,
  );
  await run(
    `INSERT INTO orders (id, customer_id, owner_id, region_id, ordered_at, amount_cents, status, created_at, updated_at)
     VALUES ('ord_lv', 'cus_lv', ?, ?, ?, 20000, 'placed', ?, ?)`,
    LEAVER,
    REGION,
    NOW,
    NOW,
    NOW,
  );
  // An escalation they were given to work, and one about their own (moving) deal.
  await run(
    `INSERT INTO escalations (id, event_id, region_id, kind, subject_type, subject_id, owner_id, subject_owner_id, title, status, opened_at)
     VALUES ('esc_lv', 'ev_lv', ?, 'stale_deal', 'deal', 'deal_x', ?, 'usr_rep_east1', 'Given to the leaver', 'open', ?),
            ('esc_lv_subject', 'ev_lv_subject', ?, 'stale_deal', 'deal', 'deal_lv', 'usr_manager_east', ?, 'Leaver deal', 'acknowledged', ?)`,
    REGION,
    LEAVER,
    NOW,
    REGION,
    LEAVER,
    NOW,
  );
  // The deal's timer, owned by the leaver on the wall.
  await regionWall(env, REGION).startTimer({
    kind: 'stale_deal',
    subjectId: 'deal_lv',
    anchorAt: NOW - DAY,
    ownerId: LEAVER,
    title: 'Leaver deal',
  });
  // A wall task they claimed.
  await run(
    "INSERT INTO tasks (id, region_id, city_id, title, due_at, status, evidence_required, created_at) VALUES ('task_lv', ?, ?, 'Check display', ?, 'open', ?, 0)",
    REGION,
    cityId,
    NOW + 2 * DAY,
    JSON.stringify({ photo: false, position: false, note: true }),
  );
  await regionWall(env, REGION).publishTasks([
    {
      id: 'task_lv',
      cityId,
      title: 'Check display',
      description: null,
      dueAt: NOW + 2 * DAY,
      evidenceRequired: { photo: false, position: false, note: true },
    },
  ]);

  admin = await signInAs('admin@example.com');
  manager = await signInAs('manager.east@example.com');
  leaver = await signInAs(LEAVER_EMAIL);
  expect((await leaver.post('/tasks/task_lv/claim')).status).toBe(303);
  await outboxDrained();

  const issued = await admin.submit('/admin/api-tokens', {
    name: 'Leaver phone',
    email: LEAVER_EMAIL,
  });
  leaverToken = /class="mono">(fwk_[\w-]+)</.exec(
    await (await admin.get(issued.headers.get('location')!)).text(),
  )![1]!;
  expect((await bearer(leaverToken, '/api/v1/me')).status).toBe(200);
  // The leaver's session is in this isolate's cache: revocation must not wait for it to expire.
  expect((await leaver.get('/rep')).status).toBe(200);
});

describe('deactivating a leaver', () => {
  it('shows the leaver’s open work per kind and offers the region’s manager first', async () => {
    const html = await (await manager.get(`/users/${LEAVER}/deactivate`)).text();
    expect(html).toContain('<h1>Deactivate Lena Leaver</h1>');
    expect(openWorkOnPage(html)).toEqual({
      customers: 1,
      leads: 2,
      deals: 2,
      contracts: 1,
      orders: 1,
      tasks: 1,
      escalations: 1,
    });
    const start = html.indexOf('<select id="successor"');
    const select = html.slice(start, html.indexOf('</select>', start));
    expect(select).toMatch(/<option value="usr_manager_east" selected="">[^<]*· Manager<\/option>/);
    expect(select).toContain('value="usr_rep_east1"');
    expect(select).not.toContain(`value="${LEAVER}"`);
    expect(select).not.toContain('usr_rep_west1');
  });

  it('refuses who may not deactivate: another region’s manager, a rep, and a manager for a manager', async () => {
    const west = await signInAs('manager.west@example.com');
    expect((await west.get(`/users/${LEAVER}/deactivate`)).status).toBe(404);
    expect(
      (await west.post(`/users/${LEAVER}/deactivate`, { successorId: 'usr_manager_west' })).status,
    ).toBe(404);
    const rep = await signInAs('rep.east1@example.com');
    expect((await rep.get(`/users/${LEAVER}/deactivate`)).status).toBe(404);
    expect((await manager.get('/users/usr_manager_east/deactivate')).status).toBe(404);
    expect((await manager.get('/users/usr_director/deactivate')).status).toBe(404);
    expect(await countWhere('SELECT active AS n FROM users WHERE id = ?', LEAVER)).toBe(1);
  });

  it('refuses a successor from another region, keeping the leaver active', async () => {
    const response = await manager.post(`/users/${LEAVER}/deactivate`, {
      successorId: 'usr_rep_west1',
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain(
      'That person cannot take the work over: choose an active manager or rep of the same region.',
    );
    expect(await countWhere('SELECT active AS n FROM users WHERE id = ?', LEAVER)).toBe(1);
  });

  it('one submit deactivates, revokes access and hands everything over; nothing is left open with the leaver', async () => {
    const response = await manager.post(`/users/${LEAVER}/deactivate`, {
      successorId: 'usr_manager_east',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/users/${LEAVER}/deactivate`);
    const html = await (await manager.get(response.headers.get('location')!)).text();
    expect(html).toContain('Lena Leaver is deactivated and can no longer sign in.');
    expect(html).toContain('Nothing open: no customers, leads, deals');
    expect(await countWhere('SELECT active AS n FROM users WHERE id = ?', LEAVER)).toBe(0);
    expect(
      await countWhere(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'user.deactivated' AND subject_id = ? AND actor_id = 'usr_manager_east'",
        LEAVER,
      ),
    ).toBe(1);
  });

  it('customers go to the successor, with an audit entry each', async () => {
    expect(await countWhere('SELECT count(*) AS n FROM customers WHERE owner_id = ?', LEAVER)).toBe(
      0,
    );
    expect(await successorHolds('customers', 'owner_id', 'cus_lv')).toBe(1);
    expect(
      await countWhere(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'customer.reassigned' AND subject_id = 'cus_lv'",
      ),
    ).toBe(1);
  });

  it('open leads go to the successor, with or without a customer', async () => {
    expect(
      await countWhere(
        "SELECT count(*) AS n FROM leads WHERE assignee_id = ? AND status IN ('new','contacted','qualified')",
        LEAVER,
      ),
    ).toBe(0);
    expect(await successorHolds('leads', 'assignee_id', 'lead_lv', 'lead_lv_loose')).toBe(2);
  });

  it('open deals go to the successor (also one on a colleague’s customer), and their timers', async () => {
    expect(
      await countWhere(
        "SELECT count(*) AS n FROM deals WHERE owner_id = ? AND stage NOT IN ('won','lost')",
        LEAVER,
      ),
    ).toBe(0);
    expect(await successorHolds('deals', 'owner_id', 'deal_lv', 'deal_lv_other')).toBe(2);
    const timers = await regionWall(env, REGION).pendingTimers();
    expect(timers.filter((timer) => timer.ownerId === LEAVER)).toEqual([]);
    expect(timers.find((timer) => timer.subjectId === 'deal_lv')?.ownerId).toBe('usr_manager_east');
  });

  it('draft and active contracts and open orders go to the successor', async () => {
    expect(
      await countWhere(
        "SELECT count(*) AS n FROM contracts WHERE owner_id = ? AND status IN ('draft','in_approval','active')",
        LEAVER,
      ),
    ).toBe(0);
    expect(
      await countWhere(
        "SELECT count(*) AS n FROM orders WHERE owner_id = ? AND status = 'placed'",
        LEAVER,
      ),
    ).toBe(0);
    expect(await successorHolds('contracts', 'owner_id', 'ctr_lv')).toBe(1);
    expect(await successorHolds('orders', 'owner_id', 'ord_lv')).toBe(1);
  });

  it('a claimed wall task goes back on the wall (a manager cannot hold it)', async () => {
    const task = await regionWall(env, REGION).getTask('task_lv');
    expect(task).toMatchObject({ status: 'open', claimedBy: null });
    await outboxDrained();
    expect(
      await countWhere(
        "SELECT count(*) AS n FROM tasks WHERE claimed_by = ? AND status = 'claimed'",
        LEAVER,
      ),
    ).toBe(0);
    expect(
      await countWhere("SELECT count(*) AS n FROM tasks WHERE id = 'task_lv' AND status = 'open'"),
    ).toBe(1);
  });

  it('open escalations the leaver owned, or whose subject was theirs, name the successor', async () => {
    expect(
      await countWhere(
        "SELECT count(*) AS n FROM escalations WHERE (owner_id = ? OR subject_owner_id = ?) AND status IN ('open','acknowledged')",
        LEAVER,
        LEAVER,
      ),
    ).toBe(0);
    expect(await successorHolds('escalations', 'owner_id', 'esc_lv')).toBe(1);
  });

  it('the leaver’s next request is refused: the cached session, a write, and the API token', async () => {
    expect(await countWhere('SELECT count(*) AS n FROM sessions WHERE user_id = ?', LEAVER)).toBe(
      0,
    );
    const page = await leaver.get('/rep');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Frep');
    const write = await leaver.post('/tasks/task_lv/claim');
    expect(write.headers.get('location')).toBe('/login');
    expect(await regionWall(env, REGION).getTask('task_lv')).toMatchObject({ status: 'open' });
    const api = await bearer(leaverToken, '/api/v1/me');
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: { code: 'invalid_token' } });
    expect(
      await countWhere(
        'SELECT count(*) AS n FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL',
        LEAVER,
      ),
    ).toBe(0);
  });

  it('a deactivated user cannot sign in', async () => {
    await expect(signInAs(LEAVER_EMAIL)).rejects.toThrow(/answered 200|answered 4/);
  });

  it('a repeat submit changes nothing and lands on the same page', async () => {
    const auditBefore = await countWhere('SELECT count(*) AS n FROM audit_log');
    const again = await manager.post(`/users/${LEAVER}/deactivate`, {
      successorId: 'usr_rep_east1',
    });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`/users/${LEAVER}/deactivate`);
    expect(await countWhere('SELECT count(*) AS n FROM audit_log')).toBe(auditBefore);
    expect(await successorHolds('customers', 'owner_id', 'cus_lv')).toBe(1);
  });

  it('an admin reactivates: sign-in works again, the work stays with the successor', async () => {
    const managerPage = await (await manager.get(`/users/${LEAVER}/deactivate`)).text();
    expect(managerPage).not.toContain('/reactivate');
    expect((await manager.post(`/users/${LEAVER}/reactivate`)).status).toBe(403);
    const page = await (await admin.get(`/users/${LEAVER}/deactivate`)).text();
    expect(page).toContain(`action="/users/${LEAVER}/reactivate"`);
    expect((await admin.post(`/users/${LEAVER}/reactivate`)).status).toBe(303);
    const back = await signInAs(LEAVER_EMAIL);
    expect((await back.get('/rep')).status).toBe(200);
    expect(await countWhere('SELECT count(*) AS n FROM customers WHERE owner_id = ?', LEAVER)).toBe(
      0,
    );
    expect(
      await countWhere(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'user.reactivated' AND subject_id = ?",
        LEAVER,
      ),
    ).toBe(1);
  });
});
