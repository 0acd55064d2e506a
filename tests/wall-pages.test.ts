import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { regionWall } from '../worker/tasks/wall';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RegionWall } from '../durable-objects/region-wall/region-wall';
import { hashPassword } from '../worker/auth/password';
import { call, signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';
import { localInput, submitVisitForm } from './helpers/visits';

const HOUR = 3_600_000;
let alice: Browser; // rep.east1, Shanghai
let bob: Browser; // a second Shanghai rep
let eastManager: Browser;
let westManager: Browser;
let admin: Browser;

async function publishTask(
  id: string,
  regionId: string,
  cityId: string,
  options: { dueAt?: number; evidence?: { photo: boolean; position: boolean; note: boolean } } = {},
) {
  const dueAt = options.dueAt ?? Date.now() + 48 * HOUR;
  const evidence = options.evidence ?? { photo: false, position: false, note: true };
  await env.DB.prepare(
    "INSERT INTO tasks (id, region_id, city_id, title, due_at, status, evidence_required, created_at) VALUES (?, ?, ?, ?, ?, 'open', ?, 0)",
  )
    .bind(id, regionId, cityId, `Check display ${id}`, dueAt, JSON.stringify(evidence))
    .run();
  await regionWall(env, regionId).publishTasks([
    {
      id,
      cityId,
      title: `Check display ${id}`,
      description: null,
      dueAt,
      evidenceRequired: evidence,
    },
  ]);
}

async function outboxDrained(regionId: string) {
  for (let i = 0; i < 200; i++) {
    const left = await runInDurableObject(
      regionWall(env, regionId),
      (_: RegionWall, state) =>
        state.storage.sql.exec('SELECT count(*) AS n FROM outbox').one().n as number,
    );
    if (left === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  await seedTinyCompany();
  await env.DB.prepare(
    "INSERT INTO users (id, email, name, role, region_id, city_id, manager_id, password_hash) VALUES ('usr_bob', 'bob@example.com', 'Bob Chen', 'rep', 'reg_east', 'city_shanghai', 'usr_manager_east', ?)",
  )
    .bind(await hashPassword('fieldwall-demo'))
    .run();
  [alice, bob, eastManager, westManager, admin] = (await Promise.all(
    [
      'rep.east1@example.com',
      'bob@example.com',
      'manager.east@example.com',
      'manager.west@example.com',
      'admin@example.com',
    ].map((email) => signInAs(email)),
  )) as [Browser, Browser, Browser, Browser, Browser];
});

describe('reps on the wall', () => {
  it('see their city’s claimable tasks on Today and claim one from the phone', async () => {
    await publishTask('t-claim', 'reg_east', 'city_shanghai');
    const today = await (await alice.get('/rep/today')).text();
    expect(today).toContain('Check display t-claim');
    expect(today).toContain('action="/tasks/t-claim/claim"');
    const claimed = await alice.post('/tasks/t-claim/claim');
    expect(claimed.headers.get('location')).toBe('/tasks/t-claim?claimed=1');
    expect(await (await alice.get('/tasks/t-claim?claimed=1')).text()).toContain(
      'Task claimed. It is yours.',
    );
  });

  it('are told who has a task they were too late for (page 409, API 409 already_claimed)', async () => {
    await publishTask('t-race', 'reg_east', 'city_shanghai');
    expect((await alice.post('/tasks/t-race/claim')).status).toBe(303);
    const page = await bob.post('/tasks/t-race/claim');
    expect(page.status).toBe(409);
    expect(await page.text()).toMatch(/already claimed this task/);
    const api = await call('/api/v1/tasks/t-race/claim', {
      method: 'POST',
      headers: {
        cookie: bob.cookie,
        'x-csrf-token': bob.csrfToken,
        origin: 'http://fieldwall.test',
      },
    });
    expect(api.status).toBe(409);
    expect(await api.json()).toMatchObject({
      error: { code: 'already_claimed', details: { claimedBy: { id: 'usr_rep_east1' } } },
    });
  });

  it('complete with the evidence asked for; a missing note is explained, and the result reaches D1', async () => {
    await publishTask('t-done', 'reg_east', 'city_shanghai');
    await alice.post('/tasks/t-done/claim');
    const form = new FormData();
    form.append('_csrf', alice.csrfToken);
    form.append('idempotencyKey', crypto.randomUUID());
    const missing = await call('/tasks/t-done/complete', {
      method: 'POST',
      body: form,
      headers: { cookie: alice.cookie, origin: 'http://fieldwall.test' },
    });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('Write the note this task asks for.');
    form.append('note', 'New display is up; manager happy.');
    const done = await call('/tasks/t-done/complete', {
      method: 'POST',
      body: form,
      headers: { cookie: alice.cookie, origin: 'http://fieldwall.test' },
    });
    expect(done.headers.get('location')).toBe('/rep/today?saved=1');
    await outboxDrained('reg_east');
    expect(
      await env.DB.prepare("SELECT status, evidence_note FROM tasks WHERE id = 't-done'").first(),
    ).toEqual({ status: 'done', evidence_note: 'New display is up; manager happy.' });
  });

  it('cannot reach another city’s or region’s task: 404', async () => {
    await publishTask('t-west', 'reg_west', 'city_urumqi');
    expect((await alice.post('/tasks/t-west/claim')).status).toBe(404);
    expect((await alice.get('/tasks/t-west')).status).toBe(404);
  });
});

describe('managers on the wall', () => {
  it('see the board with the task cards, filter by city, and refresh it as a fragment', async () => {
    await publishTask('t-board', 'reg_east', 'city_hangzhou');
    const page = await (await eastManager.get('/manager/wall')).text();
    expect(page).toContain('Check display t-board');
    expect(page).toContain('data-live="/wall/live?region=reg_east"');
    expect(page).toMatch(/src="\/assets\/wall\.[0-9a-f]{10}\.js"/);
    const shanghaiOnly = await (await eastManager.get('/manager/wall?city=city_shanghai')).text();
    expect(shanghaiOnly).not.toContain('Check display t-board');
    const fragment = await (await eastManager.get('/manager/wall/board?region=reg_east')).text();
    expect(fragment.startsWith('<div id="wall-board"')).toBe(true);
  });

  it('get the board and its counts from one call to the region’s object, page and fragment alike', async () => {
    await publishTask('t-one-call', 'reg_east', 'city_hangzhou');
    const calls: string[] = [];
    const get = env.REGION_WALL.get.bind(env.REGION_WALL);
    const spy = vi.spyOn(env.REGION_WALL, 'get').mockImplementation((id) => {
      const stub = get(id);
      return new Proxy(stub, {
        get(target, property) {
          if (typeof property === 'string' && property !== 'then') calls.push(property);
          return Reflect.get(target, property);
        },
      });
    });
    try {
      for (const path of ['/manager/wall', '/manager/wall/board?region=reg_east']) {
        calls.length = 0;
        const html = await (await eastManager.get(path)).text();
        expect(calls, path).toEqual(['board']);
        expect(html, path).toContain('Check display t-one-call');
        // Hangzhou's row counts the task shown on the board.
        const hangzhou = html.slice(html.indexOf('Hangzhou'));
        expect(hangzhou, path).toMatch(/data-column="open">\d+</);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('release and reassign within their region', async () => {
    await publishTask('t-manage', 'reg_east', 'city_shanghai');
    await alice.post('/tasks/t-manage/claim');
    const released = await eastManager.post('/tasks/t-manage/release');
    expect(released.status).toBe(303);
    expect(await regionWall(env, 'reg_east').getTask('t-manage')).toMatchObject({
      status: 'open',
      claimedBy: null,
    });
    // The manager sees that the release happened on the page the redirect lands on.
    const landing = await (await eastManager.get(released.headers.get('location')!)).text();
    expect(/<p class="notice"[^>]*>\s*([^<]+?)\s*<\/p>/.exec(landing)?.[1]).toBe(
      'Task released. It is back on the wall for the city&#39;s reps.',
    );
    expect((await eastManager.post('/tasks/t-manage/reassign', { repId: 'usr_bob' })).status).toBe(
      303,
    );
    expect(await regionWall(env, 'reg_east').getTask('t-manage')).toMatchObject({
      status: 'claimed',
      claimedBy: 'usr_bob',
    });
  });

  it('East’s manager cannot act on West’s wall', async () => {
    await publishTask('t-west2', 'reg_west', 'city_urumqi');
    expect((await eastManager.post('/tasks/t-west2/release')).status).toBe(404);
    expect(
      (await eastManager.post('/tasks/t-west2/reassign', { repId: 'usr_rep_west1' })).status,
    ).toBe(404);
    expect((await eastManager.get('/manager/wall?region=reg_west')).status).toBe(404);
    expect((await eastManager.get('/manager/wall/board?region=reg_west')).status).toBe(404);
    expect(
      (await westManager.post('/tasks/t-west2/reassign', { repId: 'usr_rep_west1' })).status,
    ).toBe(303);
  });

  it('work the escalation board: acknowledge, reassign, resolve — only in their region', async () => {
    await env.DB.prepare(
      "INSERT INTO escalations (id, event_id, region_id, kind, subject_type, subject_id, owner_id, subject_owner_id, title, status, opened_at) VALUES ('esc1', 'ev1', 'reg_east', 'stale_deal', 'deal', 'deal_x', 'usr_manager_east', 'usr_rep_east1', 'Sensor rollout', 'open', ?)",
    )
      .bind(Date.now() - 5 * HOUR)
      .run();
    const page = await (await eastManager.get('/manager/escalations')).text();
    expect(page).toContain('Deal without progress');
    // Rows recorded without a due time count from their opening.
    expect(page).toMatch(/Due since [^<]* \(5 h\)/);
    const names = await env.DB.prepare(
      "SELECT (SELECT name FROM users WHERE id = 'usr_manager_east') AS manager, (SELECT name FROM users WHERE id = 'usr_rep_east1') AS rep",
    ).first<{ manager: string; rep: string }>();
    expect(page).toContain(`Owner: ${names!.manager} · Rep: ${names!.rep}`);
    expect((await westManager.post('/manager/escalations/esc1/acknowledge')).status).toBe(404);
    expect((await eastManager.post('/manager/escalations/esc1/acknowledge')).status).toBe(303);
    expect(
      (await eastManager.post('/manager/escalations/esc1/reassign', { ownerId: 'usr_rep_east1' }))
        .status,
    ).toBe(303);
    expect((await eastManager.post('/manager/escalations/esc1/resolve')).status).toBe(303);
    expect(
      await env.DB.prepare("SELECT status, owner_id FROM escalations WHERE id = 'esc1'").first(),
    ).toEqual({ status: 'resolved', owner_id: 'usr_rep_east1' });
    const { results } = await env.DB.prepare(
      "SELECT action FROM audit_log WHERE subject_id = 'esc1' ORDER BY created_at",
    ).all<{ action: string }>();
    expect(results.map((r) => r.action)).toEqual([
      'escalation.acknowledge',
      'escalation.reassign',
      'escalation.resolve',
    ]);
    expect((await eastManager.post('/manager/escalations/esc1/resolve')).status).toBe(404);
  });
});

describe('campaigns', () => {
  it('an admin drafts a campaign and publishes it: tasks per target city, on the walls and in D1, once', async () => {
    const created = await admin.submit('/admin/campaigns', {
      name: 'Winter promo',
      t0_title: 'Put up the winter poster',
      t0_perCity: '2',
      t0_dueOffsetHours: '72',
      t0_evidence: 'photo',
      t0_cities: 'city_hangzhou',
    });
    expect(created.status).toBe(303);
    const page = await (await admin.get('/admin/campaigns')).text();
    const id = /action="\/admin\/campaigns\/([0-9a-f-]{36})\/publish"/.exec(page)![1]!;
    expect((await admin.post(`/admin/campaigns/${id}/publish`)).headers.get('location')).toBe(
      '/admin/campaigns?published=2',
    );
    expect((await admin.post(`/admin/campaigns/${id}/publish`)).status).toBe(303);
    const { results } = await env.DB.prepare(
      'SELECT city_id, due_at, evidence_required FROM tasks WHERE campaign_id = ?',
    )
      .bind(id)
      .all<{ city_id: string; evidence_required: string }>();
    expect(results).toHaveLength(2);
    expect(
      results.every(
        (task) =>
          task.city_id === 'city_hangzhou' && JSON.parse(task.evidence_required).photo === true,
      ),
    ).toBe(true);
    const onWall = (
      await regionWall(env, 'reg_east').listTasks({ cityId: 'city_hangzhou' })
    ).filter((task) => task.title === 'Put up the winter poster');
    expect(onWall).toHaveLength(2);
  });

  it('a task with a Chinese wording reads in one language: Chinese for 简体中文 readers, English for the others', async () => {
    await admin.submit('/admin/campaigns', {
      name: 'Lantern',
      t0_title: 'Hang the lantern poster',
      t0_titleZh: '张贴灯笼海报',
      t0_descriptionZh: '贴在门口。',
      t0_perCity: '1',
      t0_dueOffsetHours: '48',
      t0_cities: 'city_hangzhou',
    });
    const page = await (await admin.get('/admin/campaigns')).text();
    const id = /action="\/admin\/campaigns\/([0-9a-f-]{36})\/publish"/.exec(page)![1]!;
    await admin.post(`/admin/campaigns/${id}/publish`);
    const task = await env.DB.prepare('SELECT id, title, title_zh FROM tasks WHERE campaign_id = ?')
      .bind(id)
      .first<{ id: string; title: string; title_zh: string }>();
    expect(task).toMatchObject({ title: 'Hang the lantern poster', title_zh: '张贴灯笼海报' });
    const rep = await signInAs('rep.east2@example.com');
    const heading = async () =>
      /<h1>([^<]*)<\/h1>/.exec(await (await rep.get(`/tasks/${task!.id}`)).text())?.[1];
    expect(await heading()).toBe('Hang the lantern poster');
    await rep.post('/settings/locale', { locale: 'zh-CN', next: '/rep' });
    expect(await heading()).toBe('张贴灯笼海报');
    expect(await (await rep.get(`/tasks/${task!.id}`)).text()).toContain('<p>贴在门口。</p>');
    await rep.post('/settings/locale', { locale: 'en', next: '/rep' });
  });

  it('targets whole regions too', async () => {
    await admin.submit('/admin/campaigns', {
      name: 'West only',
      t0_title: 'West poster',
      t0_perCity: '1',
      t0_dueOffsetHours: '24',
      t0_regions: 'reg_west',
    });
    const page = await (await admin.get('/admin/campaigns')).text();
    const id = /action="\/admin\/campaigns\/([0-9a-f-]{36})\/publish"/.exec(page)![1]!;
    await admin.post(`/admin/campaigns/${id}/publish`);
    const { results } = await env.DB.prepare('SELECT region_id FROM tasks WHERE campaign_id = ?')
      .bind(id)
      .all<{ region_id: string }>();
    expect(results.length).toBe(2);
    expect(results.every((task) => task.region_id === 'reg_west')).toBe(true);
  });

  it('refuses a campaign without a name or a due time, keeping what was typed', async () => {
    const response = await admin.submit('/admin/campaigns', {
      name: 'No due',
      t0_title: 'Something',
      t0_perCity: '1',
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('Each task needs a title');
    expect(html).toContain('value="No due"');
  });

  it('only the admin runs campaigns', async () => {
    expect((await eastManager.get('/admin/campaigns')).status).toBe(403);
  });
});

describe('task API and timers', () => {
  it('GET /api/v1/tasks?status=open lists only the rep’s city', async () => {
    await publishTask('t-api', 'reg_east', 'city_shanghai');
    const body = (await (await alice.get('/api/v1/tasks?status=open')).json()) as {
      items: { id: string; cityId: string }[];
    };
    expect(body.items.map((task) => task.id)).toContain('t-api');
    expect(body.items.every((task) => task.cityId === 'city_shanghai')).toBe(true);
  });

  it('POST /api/v1/tasks/:id/complete needs a lag reason when overdue', async () => {
    await publishTask('t-late', 'reg_east', 'city_shanghai', {
      dueAt: Date.now() - HOUR,
      evidence: { photo: false, position: false, note: false },
    });
    await alice.post('/tasks/t-late/claim');
    const complete = (body: unknown) =>
      call('/api/v1/tasks/t-late/complete', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: {
          cookie: alice.cookie,
          'x-csrf-token': alice.csrfToken,
          'content-type': 'application/json',
          origin: 'http://fieldwall.test',
        },
      });
    const refused = await complete({});
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      error: { code: 'evidence_missing', details: { missing: ['lagReason'] } },
    });
    const done = await complete({ lagReason: 'stock_shortage' });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({
      status: 'done',
      evidence: { lagReason: 'stock_shortage' },
    });
  });

  it('a first touch stops the lead’s clock; a visit with a promise starts its countdown', async () => {
    const now = Date.now();
    await env.DB.prepare(
      "INSERT INTO leads (id, region_id, city_id, assignee_id, channel, name, priority, status, assigned_at, first_touch_deadline, created_at, updated_at) VALUES ('lead_clock', 'reg_east', 'city_shanghai', 'usr_rep_east1', 'form', 'Li Na', 'high', 'new', ?, ?, ?, ?)",
    )
      .bind(now, now + 24 * HOUR, now, now)
      .run();
    await regionWall(env, 'reg_east').startTimer({
      kind: 'lead_first_touch',
      subjectId: 'lead_clock',
      anchorAt: now,
      ownerId: 'usr_rep_east1',
      title: 'Li Na',
    });
    await alice.post('/leads/lead_clock/first-touch', { channel: 'call' });
    const timers = async () =>
      (await regionWall(env, 'reg_east').pendingTimers()).map((t) => `${t.kind}:${t.subjectId}`);
    for (let i = 0; i < 20 && (await timers()).includes('lead_first_touch:lead_clock'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await timers()).not.toContain('lead_first_touch:lead_clock');

    const customer = (await env.DB.prepare(
      "SELECT id FROM customers WHERE owner_id = 'usr_rep_east1' LIMIT 1",
    ).first<{ id: string }>())!;
    await submitVisitForm(alice, customer.id, {
      idempotencyKey: crypto.randomUUID(),
      summary: 'Promised a proof of concept.',
      nextFollowUpAt: localInput(2),
      commitmentText: 'POC within 72 h',
      commitmentDueAt: localInput(3),
    });
    const visit = (await env.DB.prepare(
      "SELECT id FROM visits WHERE commitment_text = 'POC within 72 h' ORDER BY created_at DESC LIMIT 1",
    ).first<{ id: string }>())!;
    // The visit's timers travel through the queue (batched every couple of seconds locally).
    for (let i = 0; i < 100 && !(await timers()).includes(`commitment:${visit.id}`); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await timers()).toContain(`commitment:${visit.id}`);
  });
});
