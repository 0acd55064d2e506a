import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { regionWall } from '../worker/tasks/wall';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RegionWall } from '../durable-objects/region-wall/region-wall';
import { call, signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';
import repScript from '../views/scripts/rep.js?raw';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let alice: Browser; // rep.east1, Shanghai
let eastManager: Browser;

async function publishTask(
  id: string,
  regionId: string,
  cityId: string,
  evidence = { photo: false, position: false, note: false },
) {
  const dueAt = Date.now() + 48 * HOUR;
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

beforeAll(async () => {
  await seedTinyCompany();
  [alice, eastManager] = (await Promise.all(
    ['rep.east1@example.com', 'manager.east@example.com'].map((email) => signInAs(email)),
  )) as [Browser, Browser];
});

describe('task completion with the rep’s position', () => {
  it('the completion form carries the hidden lat/lng the phone script fills, and says what happens without a position', async () => {
    await publishTask('t-pos-form', 'reg_east', 'city_shanghai', {
      photo: false,
      position: true,
      note: false,
    });
    await alice.post('/tasks/t-pos-form/claim');
    const html = await (await alice.get('/tasks/t-pos-form')).text();
    const form = /<form[^>]*action="\/tasks\/t-pos-form\/complete"[^>]*>([\s\S]*?)<\/form>/.exec(
      html,
    );
    expect(form).not.toBeNull();
    // rep.js fills any form[data-offline-queue] that has a fieldset.position with lat/lng inside.
    expect(form![0]).toContain('data-offline-queue="task"');
    const fieldset = /<fieldset class="position"([^>]*)>([\s\S]*?)<\/fieldset>/.exec(form![1]!)!;
    expect(fieldset[2]).toContain('<input type="hidden" name="lat" value=""/>');
    expect(fieldset[2]).toContain('<input type="hidden" name="lng" value=""/>');
    expect(fieldset[1]).toContain('data-found="Position found (±{accuracy} m)."');
    // The task's own wording, not the visit's ("the visit will be saved as unverified").
    expect(fieldset[1]).toContain(
      'data-unavailable="No position from your phone. Allow location for Fieldwall and reload this page."',
    );
    expect(fieldset[1]).toContain('data-denied=');
    expect(fieldset[2]).toContain('aria-live="polite"');
    expect(html).toMatch(/src="\/assets\/rep\.[0-9a-f]{10}\.js"/);
  });

  it('a task that needs only a note asks for no position, and labels its city and due time', async () => {
    await publishTask('t-note-only', 'reg_east', 'city_shanghai', {
      photo: false,
      position: false,
      note: true,
    });
    await alice.post('/tasks/t-note-only/claim');
    const html = await (await alice.get('/tasks/t-note-only')).text();
    const form = /<form[^>]*action="\/tasks\/t-note-only\/complete"[^>]*>([\s\S]*?)<\/form>/.exec(
      html,
    )![1]!;
    expect(form).toContain('name="note"');
    // No position block, so no "Location is blocked" warning for a position nobody needs.
    expect(form).not.toContain('class="position"');
    expect(form).not.toContain('Location is blocked');
    expect(html).toMatch(
      /<p class="muted">Shanghai · due [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s?[AP]M · Needs: Note<\/p>/,
    );
  });

  it('the phone script fills the position on the task form, not only on the visit form', () => {
    // The one position routine of rep.js runs for any queued form (visit or task completion).
    expect(repScript).toContain("document.querySelector('form[data-offline-queue]')");
    expect(repScript).not.toContain('form[data-offline-queue="visit"]');
    expect(repScript).toContain('fieldset.dataset.denied');
  });

  it('completes with the posted position, and refuses without it', async () => {
    await publishTask('t-pos', 'reg_east', 'city_shanghai', {
      photo: false,
      position: true,
      note: false,
    });
    await alice.post('/tasks/t-pos/claim');
    const submit = (fields: Record<string, string>) => {
      const body = new FormData();
      body.append('_csrf', alice.csrfToken);
      body.append('idempotencyKey', crypto.randomUUID());
      for (const [key, value] of Object.entries(fields)) body.append(key, value);
      return call('/tasks/t-pos/complete', {
        method: 'POST',
        body,
        headers: { cookie: alice.cookie, origin: 'http://fieldwall.test' },
      });
    };
    const refused = await submit({ lat: '', lng: '' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('This task needs your position');
    const done = await submit({ lat: '31.230400', lng: '121.473700' });
    expect(done.headers.get('location')).toBe('/rep/today?saved=1');
    expect(await regionWall(env, 'reg_east').getTask('t-pos')).toMatchObject({
      status: 'done',
      evidence: { lat: 31.2304, lng: 121.4737 },
    });
  });
});

describe('the manager’s live wall', () => {
  it('the fragment the live refresh fetches carries the counts per city, updated after a claim', async () => {
    const countIn = (html: string, cityId: string, column: string) => {
      const row = new RegExp(`<tr data-city="${cityId}">([\\s\\S]*?)</tr>`).exec(html)![1]!;
      return Number(new RegExp(`data-column="${column}">(\\d+)<`).exec(row)![1]);
    };
    await publishTask('t-count', 'reg_east', 'city_shanghai');
    const before = await (await eastManager.get('/manager/wall/board?region=reg_east')).text();
    expect(before.startsWith('<div id="wall-board"')).toBe(true);
    const openBefore = countIn(before, 'city_shanghai', 'open');
    const claimedBefore = countIn(before, 'city_shanghai', 'claimed');
    expect(openBefore).toBeGreaterThan(0);
    await alice.post('/tasks/t-count/claim');
    const after = await (await eastManager.get('/manager/wall/board?region=reg_east')).text();
    expect(countIn(after, 'city_shanghai', 'open')).toBe(openBefore - 1);
    expect(countIn(after, 'city_shanghai', 'claimed')).toBe(claimedBefore + 1);
    // The full page shows the selected region's counts once, inside the live block.
    const page = await (await eastManager.get('/manager/wall')).text();
    const live = page.slice(page.indexOf('<div id="wall-board"'));
    expect(live).toContain('<tr data-city="city_shanghai">');
    expect(page.split('<tr data-city="city_shanghai">')).toHaveLength(2);
  });
});

describe('escalation owners', () => {
  async function openEscalation(id: string) {
    await env.DB.prepare(
      "INSERT INTO escalations (id, event_id, region_id, kind, subject_type, subject_id, owner_id, subject_owner_id, title, status, opened_at) VALUES (?, ?, 'reg_east', 'lead_first_touch', 'lead', 'lead_x', 'usr_manager_east', 'usr_rep_east1', 'Lead waiting', 'open', ?)",
    )
      .bind(id, `ev-${id}`, Date.now() - HOUR)
      .run();
  }

  it('the picker offers only the region’s managers and reps', async () => {
    await openEscalation('esc-picker');
    const html = await (await eastManager.get('/manager/escalations')).text();
    const picker =
      /<li id="escalation-esc-picker"[\s\S]*?<select name="ownerId"[^>]*>([\s\S]*?)<\/select>/.exec(
        html,
      )![1]!;
    const offered = [...picker.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
    expect(offered).toContain('usr_manager_east');
    expect(offered).toContain('usr_rep_east1');
    expect(offered).not.toContain('usr_business_east');
    expect(offered).not.toContain('usr_legal_east');
    expect(offered.every((id) => !id!.includes('west'))).toBe(true);
  });

  it('the server refuses business and legal users with a clear 422, and keeps the owner', async () => {
    await openEscalation('esc-refuse');
    for (const ownerId of ['usr_business_east', 'usr_legal_east']) {
      const refused = await eastManager.post('/manager/escalations/esc-refuse/reassign', {
        ownerId,
      });
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('Escalations go to a manager or rep of their region.');
    }
    expect(
      await env.DB.prepare("SELECT owner_id FROM escalations WHERE id = 'esc-refuse'").first(),
    ).toEqual({ owner_id: 'usr_manager_east' });
    expect(
      (
        await eastManager.post('/manager/escalations/esc-refuse/reassign', {
          ownerId: 'usr_rep_east2',
        })
      ).status,
    ).toBe(303);
  });
});

async function outboxDrained(regionId: string) {
  for (let i = 0; i < 400; i++) {
    const left = await runInDurableObject(
      regionWall(env, regionId),
      (_: RegionWall, state) =>
        state.storage.sql.exec('SELECT count(*) AS n FROM outbox').one().n as number,
    );
    if (left === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('outbox never drained');
}

describe('stale deals found when a region’s wall first wakes', () => {
  const STALE_DEALS = 60;
  let manager: Browser;
  let northRep: Browser;
  let lastProgressOf: Map<string, number>;

  beforeAll(async () => {
    // North's first rep has 60 deals without progress for 15 to 74 days: 60 reminders and 60
    // escalations due at once when the wall first wakes.
    const { results: owned } = await env.DB.prepare(
      "SELECT id, city_id FROM customers WHERE owner_id = 'usr_rep_north1' ORDER BY id LIMIT 3",
    ).all<{ id: string; city_id: string }>();
    const now = Date.now();
    lastProgressOf = new Map();
    const inserts = Array.from({ length: STALE_DEALS }, (_, n) => {
      const customer = owned[n % owned.length]!;
      const lastProgressAt = now - (15 + n) * DAY;
      lastProgressOf.set(`deal_stale_${n}`, lastProgressAt);
      return env.DB.prepare(
        "INSERT INTO deals (id, customer_id, owner_id, region_id, city_id, name, stage, amount_cents, stage_entered_at, last_progress_at, created_at) VALUES (?, ?, 'usr_rep_north1', 'reg_north', ?, ?, 'propose', 100000, ?, ?, ?)",
      ).bind(
        `deal_stale_${n}`,
        customer.id,
        customer.city_id,
        `Stale deal ${n}`,
        lastProgressAt,
        lastProgressAt,
        lastProgressAt,
      );
    });
    await env.DB.batch(inserts);
    await regionWall(env, 'reg_north').summary(Date.now(), 0);
    await runDurableObjectAlarm(regionWall(env, 'reg_north'));
    await runDurableObjectAlarm(regionWall(env, 'reg_north'));
    await outboxDrained('reg_north');
    [manager, northRep] = (await Promise.all(
      ['manager.north@example.com', 'rep.north1@example.com'].map((email) => signInAs(email)),
    )) as [Browser, Browser];
  });

  it('sends each rep one digest naming every stale deal and its customer, not one message per deal', async () => {
    const { results } = await env.DB.prepare(
      "SELECT recipient_id, kind, subject_type, title, body FROM notifications WHERE channel = 'inbox' AND kind LIKE 'reminder.stale_deal%'",
    ).all<{
      recipient_id: string;
      kind: string;
      subject_type: string;
      title: string;
      body: string;
    }>();
    const perRep = new Map<string, number>();
    for (const row of results)
      perRep.set(row.recipient_id, (perRep.get(row.recipient_id) ?? 0) + 1);
    expect([...perRep.values()].every((n) => n === 1)).toBe(true);
    expect(results.every((row) => row.kind === 'reminder.stale_deal.digest')).toBe(true);
    const digest = results.find((row) => row.recipient_id === 'usr_rep_north1')!;
    expect(digest.title).toMatch(/^\d+ deals without progress for 7 days$/);
    expect(Number(/^(\d+)/.exec(digest.title)![1])).toBeGreaterThanOrEqual(STALE_DEALS);
    const customer = (await env.DB.prepare(
      "SELECT c.name FROM deals d JOIN customers c ON c.id = d.customer_id WHERE d.id = 'deal_stale_0'",
    ).first<{ name: string }>())!;
    expect(digest.body).toContain(`${customer.name} — Stale deal 0 · due since`);
    expect(digest.body).toContain('Stale deal 59');
    expect(digest.subject_type).toBe('stale_deals');
  });

  it('the digest links to the rep’s stale deals, each linking to its customer', async () => {
    const inbox = await (await northRep.get('/rep/inbox')).text();
    expect(inbox).toContain('href="/deals/stale"');
    const page = await (await northRep.get('/deals/stale')).text();
    const deal = (await env.DB.prepare(
      "SELECT customer_id FROM deals WHERE id = 'deal_stale_7'",
    ).first<{ customer_id: string }>())!;
    expect(page).toContain(`href="/customers/${deal.customer_id}#deal-deal_stale_7"`);
    // The deal's own page links back to its place on the customer's page; another rep's book is 404.
    const dealPage = await northRep.get('/deals/deal_stale_7');
    expect(dealPage.status).toBe(200);
    expect(await dealPage.text()).toContain(
      `href="/customers/${deal.customer_id}#deal-deal_stale_7"`,
    );
    expect((await alice.get('/deals/deal_stale_7')).status).toBe(404);
  });

  it('opens every escalation on the board, telling the manager once', async () => {
    expect(
      (await env.DB.prepare(
        "SELECT count(*) AS n FROM escalations WHERE region_id = 'reg_north' AND subject_id LIKE 'deal_stale_%'",
      ).first<{ n: number }>())!.n,
    ).toBe(STALE_DEALS);
    const { results } = await env.DB.prepare(
      "SELECT kind, subject_type, subject_id, title FROM notifications WHERE channel = 'inbox' AND recipient_id = 'usr_manager_north' AND kind LIKE 'escalation.stale_deal%'",
    ).all<{ kind: string; subject_type: string; subject_id: string; title: string }>();
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      kind: 'escalation.stale_deal.digest',
      subject_type: 'escalations',
      subject_id: 'stale_deal',
    });
    expect(results[0]!.title).toMatch(/^\d+ new escalations: Deal without progress$/);
  });

  it('a single escalation’s message links to its row, which links to the deal’s customer', async () => {
    const now = Date.now();
    const customer = (await env.DB.prepare(
      "SELECT c.id, c.name, ci.name AS city FROM customers c JOIN cities ci ON ci.id = c.city_id WHERE c.owner_id = 'usr_rep_north1' ORDER BY c.id LIMIT 1",
    ).first<{ id: string; name: string; city: string }>())!;
    await env.DB.prepare(
      "INSERT INTO deals (id, customer_id, owner_id, region_id, city_id, name, stage, amount_cents, stage_entered_at, last_progress_at, created_at) SELECT 'deal_lone', id, owner_id, region_id, city_id, 'Lone deal', 'negotiate', 5000, ?, ?, ? FROM customers WHERE id = ?",
    )
      .bind(now - 16 * DAY, now - 16 * DAY, now - 16 * DAY, customer.id)
      .run();
    await regionWall(env, 'reg_north').startTimer({
      kind: 'stale_deal',
      subjectId: 'deal_lone',
      anchorAt: now - 16 * DAY,
      ownerId: 'usr_rep_north1',
      title: 'Lone deal',
    });
    await runInDurableObject(regionWall(env, 'reg_north'), (instance: RegionWall) =>
      instance.alarm(),
    );
    await outboxDrained('reg_north');
    const notice = (await env.DB.prepare(
      "SELECT n.subject_type, n.subject_id, e.id AS escalation_id FROM notifications n JOIN escalations e ON e.subject_id = 'deal_lone' WHERE n.channel = 'inbox' AND n.recipient_id = 'usr_manager_north' AND n.kind = 'escalation.stale_deal'",
    ).first<{ subject_type: string; subject_id: string; escalation_id: string }>())!;
    expect(notice).toEqual({
      subject_type: 'escalation',
      subject_id: notice.escalation_id,
      escalation_id: notice.escalation_id,
    });
    const page = await (await manager.get(`/manager/escalations/${notice.escalation_id}`)).text();
    expect([...page.matchAll(/<li id="escalation-([^"]+)"/g)].map((m) => m[1])).toEqual([
      notice.escalation_id,
    ]);
    expect(page).toContain(
      `<a href="/customers/${customer.id}#deal-deal_lone">${customer.name} — Lone deal · ${customer.city}</a>`,
    );
    expect((await alice.get(`/manager/escalations/${notice.escalation_id}`)).status).toBe(403);
  });

  it('escalation rows are due from the deal’s last progress + 14 days, and link to the deal’s customer', async () => {
    const row = (await env.DB.prepare(
      "SELECT id, due_at, opened_at FROM escalations WHERE subject_id = 'deal_stale_20'",
    ).first<{ id: string; due_at: number; opened_at: number }>())!;
    expect(row.due_at).toBe(lastProgressOf.get('deal_stale_20')! + 14 * DAY);
    const html = await (await manager.get('/manager/escalations?rep=usr_rep_north1&page=1')).text();
    const item = new RegExp(`<li id="escalation-${row.id}"[\\s\\S]*?</li>`).exec(html)![0];
    // 35 days without progress: due for 21 days, not "open for a few minutes".
    expect(item).toMatch(/Due since [^<]*\(21 d\)/);
    const customer = (await env.DB.prepare(
      "SELECT customer_id FROM deals WHERE id = 'deal_stale_20'",
    ).first<{ customer_id: string }>())!;
    expect(item).toContain(`href="/customers/${customer.customer_id}#deal-deal_stale_20"`);
  });

  it('pages through all of them, 50 a page, with the total', async () => {
    const ids = async (query: string) =>
      [
        ...(await (await manager.get(`/manager/escalations?${query}`)).text()).matchAll(
          /<li id="escalation-([^"]+)"/g,
        ),
      ].map((m) => m[1]!);
    const total = (await env.DB.prepare(
      "SELECT count(*) AS n FROM escalations WHERE region_id = 'reg_north' AND status != 'resolved'",
    ).first<{ n: number }>())!.n;
    expect(total).toBeGreaterThan(50);
    const first = await (await manager.get('/manager/escalations')).text();
    expect(first).toContain(`1–50 of ${total}`);
    expect(first).toContain('href="/manager/escalations?page=2"');
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(total / 50); page++)
      seen.push(...(await ids(`page=${page}`)));
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('filters by kind, rep, city and age', async () => {
    const rowsOf = async (query: string) =>
      [
        ...(await (await manager.get(`/manager/escalations?${query}`)).text()).matchAll(
          /<li id="escalation-([^"]+)"/g,
        ),
      ].map((m) => m[1]!);
    await env.DB.prepare(
      "INSERT INTO escalations (id, event_id, region_id, kind, subject_type, subject_id, owner_id, subject_owner_id, title, status, opened_at, due_at) VALUES ('esc-lead-north', 'ev-lead-north', 'reg_north', 'lead_first_touch', 'lead', 'lead_n', 'usr_manager_north', 'usr_rep_north2', 'Lead waiting', 'open', ?, ?)",
    )
      .bind(Date.now(), Date.now() - HOUR)
      .run();
    expect(await rowsOf('kind=lead_first_touch')).toEqual(['esc-lead-north']);
    expect(await rowsOf('rep=usr_rep_north2&kind=stale_deal')).not.toContain('esc-lead-north');
    expect(await rowsOf('rep=usr_rep_north2')).toContain('esc-lead-north');
    const repCity = (await env.DB.prepare(
      "SELECT city_id FROM users WHERE id = 'usr_rep_north2'",
    ).first<{ city_id: string }>())!.city_id;
    const otherCity = (await env.DB.prepare(
      "SELECT city_id FROM users WHERE id = 'usr_rep_north1'",
    ).first<{ city_id: string }>())!.city_id;
    expect(repCity).not.toBe(otherCity);
    expect(await rowsOf(`city=${repCity}&kind=lead_first_touch`)).toEqual(['esc-lead-north']);
    expect(await rowsOf(`city=${otherCity}&kind=lead_first_touch`)).toEqual([]);
    // Due an hour ago: not among those due a day or more.
    expect(await rowsOf('age=1&kind=lead_first_touch')).toEqual([]);
    const oldest = await rowsOf('age=30&rep=usr_rep_north1&kind=stale_deal');
    expect(oldest.length).toBeGreaterThan(0);
    const { results } = await env.DB.prepare(
      `SELECT id FROM escalations WHERE subject_owner_id = 'usr_rep_north1' AND kind = 'stale_deal' AND status != 'resolved' AND due_at <= ?`,
    )
      .bind(Date.now() - 30 * DAY)
      .all<{ id: string }>();
    expect(oldest.sort()).toEqual(results.map((r) => r.id).sort());
    // Bad filter values are a clear 400, not a 500.
    expect((await manager.get('/manager/escalations?kind=nonsense')).status).toBe(400);
  });

  it('each filter names its own "all" choice, in English and Chinese', async () => {
    const emptyChoices = (html: string) =>
      Object.fromEntries(
        [
          ...html.matchAll(
            /<select name="(kind|city|rep|age)"[^>]*>\s*<option value="">([^<]*)<\/option>/g,
          ),
        ].map((m) => [m[1], m[2]]),
      );
    expect(emptyChoices(await (await manager.get('/manager/escalations')).text())).toEqual({
      kind: 'All kinds',
      city: 'All cities',
      rep: 'All reps',
      age: 'Any age',
    });
    const chinese = await signInAs('manager.north@example.com');
    await chinese.post('/settings/locale', { locale: 'zh-CN', next: '/manager/escalations' });
    expect(emptyChoices(await (await chinese.get('/manager/escalations')).text())).toEqual({
      kind: '全部类型',
      city: '全部城市',
      rep: '全部销售代表',
      age: '不限时长',
    });
  });

  it('the digest reads in the rep’s current language, one deal a line', async () => {
    const customer = (await env.DB.prepare(
      "SELECT c.name FROM deals d JOIN customers c ON c.id = d.customer_id WHERE d.id = 'deal_stale_0'",
    ).first<{ name: string }>())!;
    const digestIn = async (path: string) => {
      const html = await (await northRep.get(path)).text();
      const item = /<li[^>]*>(?:(?!<\/li>)[\s\S])*?Stale deal 0 [\s\S]*?<\/li>/.exec(html);
      expect(item, html.slice(html.indexOf('<main'))).not.toBeNull();
      return item![0];
    };
    const english = await digestIn('/rep/inbox');
    expect(english).toMatch(/deals without progress for 7 days/);
    expect(english).toContain(`${customer.name} — Stale deal 0 · due since`);
    // Each deal on its own line, not one run-on paragraph.
    expect(english).toMatch(
      /Stale deal \d+ · due since [^<]+<br\/>[^<]*Stale deal \d+ · due since/,
    );
    await northRep.post('/settings/locale', { locale: 'zh-CN', next: '/rep/inbox' });
    try {
      for (const path of ['/rep/inbox', '/inbox']) {
        const chinese = await digestIn(path);
        expect(chinese, path).toMatch(/个商机 7 天没有进展/);
        expect(chinese, path).toContain(`${customer.name} — Stale deal 0 · 自 `);
        expect(chinese, path).not.toContain('due since');
        expect(chinese, path).toMatch(/起到期<br\/>/);
      }
    } finally {
      await northRep.post('/settings/locale', { locale: 'en', next: '/rep/inbox' });
    }
  });
});

describe('escalations that tell apart', () => {
  const rowText = (html: string, id: string) =>
    new RegExp(`<li id="escalation-${id}"[\\s\\S]*?</li>`)
      .exec(html)![0]
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');

  it('overdue tasks of one title show each task’s city on the board', async () => {
    const { results: eastCities } = await env.DB.prepare(
      "SELECT id, name FROM cities WHERE region_id = 'reg_east' ORDER BY name LIMIT 2",
    ).all<{ id: string; name: string }>();
    for (const [n, city] of eastCities.entries()) {
      await env.DB.prepare(
        "INSERT INTO tasks (id, region_id, city_id, title, due_at, status, evidence_required, created_at) VALUES (?, 'reg_east', ?, 'Store manager feedback', ?, 'open', '{}', 0)",
      )
        .bind(`task_same_${n}`, city.id, Date.now() - DAY)
        .run();
      await env.DB.prepare(
        "INSERT INTO escalations (id, event_id, region_id, kind, subject_type, subject_id, owner_id, subject_owner_id, title, status, opened_at, due_at) VALUES (?, ?, 'reg_east', 'task_overdue', 'task', ?, 'usr_manager_east', NULL, 'Store manager feedback', 'open', ?, ?)",
      )
        .bind(`esc-same-${n}`, `ev-same-${n}`, `task_same_${n}`, Date.now(), Date.now() - DAY)
        .run();
    }
    const html = await (await eastManager.get('/manager/escalations?kind=task_overdue')).text();
    for (const [n, city] of eastCities.entries())
      expect(rowText(html, `esc-same-${n}`)).toContain(`Store manager feedback · ${city.name}`);
  });

  it('an overdue commitment names its customer and rep on the board and in the director’s inbox', async () => {
    // A South visit whose promise ran out an hour ago: the wall finds it when it first wakes.
    const visit = (await env.DB.prepare(
      "SELECT v.id, c.name AS customer, u.name AS rep FROM visits v JOIN customers c ON c.id = v.customer_id JOIN users u ON u.id = v.rep_id WHERE v.region_id = 'reg_south' ORDER BY v.id LIMIT 1",
    ).first<{ id: string; customer: string; rep: string }>())!;
    await env.DB.prepare(
      "UPDATE visits SET commitment_due_at = NULL, commitment_text = NULL WHERE region_id = 'reg_south'",
    ).run();
    await env.DB.prepare(
      "UPDATE visits SET commitment_text = 'Sample kit by Friday', commitment_due_at = ? WHERE id = ?",
    )
      .bind(Date.now() - HOUR, visit.id)
      .run();
    await regionWall(env, 'reg_south').summary(Date.now(), 0);
    await runDurableObjectAlarm(regionWall(env, 'reg_south'));
    await runDurableObjectAlarm(regionWall(env, 'reg_south'));
    await outboxDrained('reg_south');
    const title = `${visit.customer} · ${visit.rep}: Sample kit by Friday`;
    const escalation = (await env.DB.prepare(
      "SELECT id FROM escalations WHERE subject_id = ? AND kind = 'commitment_overdue'",
    )
      .bind(visit.id)
      .first<{ id: string }>())!;
    const manager = await signInAs('manager.south@example.com');
    // The customer is named once, not again before the title that already names them.
    expect(
      rowText(await (await manager.get('/manager/escalations')).text(), escalation.id),
    ).toContain(` ${title} · `);
    const director = await signInAs('director@example.com');
    const inbox = await (await director.get('/inbox')).text();
    const item =
      /<li id="notification-[^"]+" class="unread">(?:(?!<\/li>)[\s\S])*?Sample kit by Friday[\s\S]*?<\/li>/.exec(
        inbox,
      );
    expect(item, 'the director’s notification').not.toBeNull();
    expect(item![0]).toContain(title);
  });
});
