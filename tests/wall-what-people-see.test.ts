import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RegionWall } from '../durable-objects/region-wall';
import { call, signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let alice: Browser; // rep.east1, Shanghai
let eastManager: Browser;

const wall = (regionId: string) => env.REGION_WALL.get(env.REGION_WALL.idFromName(regionId));

async function publishTask(id: string, regionId: string, cityId: string, evidence = { photo: false, position: false, note: false }) {
  const dueAt = Date.now() + 48 * HOUR;
  await env.DB.prepare("INSERT INTO tasks (id, region_id, city_id, title, due_at, status, evidence_required, created_at) VALUES (?, ?, ?, ?, ?, 'open', ?, 0)")
    .bind(id, regionId, cityId, `Check display ${id}`, dueAt, JSON.stringify(evidence))
    .run();
  await wall(regionId).publishTasks(regionId, [{ id, cityId, title: `Check display ${id}`, description: null, dueAt, evidenceRequired: evidence }]);
}

beforeAll(async () => {
  await seedTinyCompany();
  [alice, eastManager] = (await Promise.all(['rep.east1@example.com', 'manager.east@example.com'].map((email) => signInAs(email)))) as [Browser, Browser];
});

describe('task completion with the rep’s position', () => {
  it('the completion form carries the hidden lat/lng the phone script fills, and says what happens without a position', async () => {
    await publishTask('t-pos-form', 'reg_east', 'city_shanghai', { photo: false, position: true, note: false });
    await alice.post('/tasks/t-pos-form/claim');
    const html = await (await alice.get('/tasks/t-pos-form')).text();
    const form = /<form[^>]*action="\/tasks\/t-pos-form\/complete"[^>]*>([\s\S]*?)<\/form>/.exec(html);
    expect(form).not.toBeNull();
    // rep.js fills any form[data-offline-queue] that has a fieldset.position with lat/lng inside.
    expect(form![0]).toContain('data-offline-queue="task"');
    const fieldset = /<fieldset class="position"([^>]*)>([\s\S]*?)<\/fieldset>/.exec(form![1]!)!;
    expect(fieldset[2]).toContain('<input type="hidden" name="lat" value=""/>');
    expect(fieldset[2]).toContain('<input type="hidden" name="lng" value=""/>');
    expect(fieldset[1]).toContain('data-found="Position found (±{accuracy} m)."');
    // The task's own wording, not the visit's ("the visit will be saved as unverified").
    expect(fieldset[1]).toContain('data-unavailable="No position from your phone. Allow location for Fieldwall and reload this page."');
    expect(fieldset[1]).toContain('data-denied=');
    expect(fieldset[2]).toContain('aria-live="polite"');
    expect(html).toMatch(/src="\/assets\/rep\.[0-9a-f]{10}\.js"/);
  });

  it('the phone script fills the position on the task form, not only on the visit form', async () => {
    const html = await (await alice.get('/rep/today')).text();
    const src = /src="(\/assets\/rep\.[0-9a-f]{10}\.js)"/.exec(html)![1]!;
    const script = await (await call(src)).text();
    expect(script).toContain("document.querySelector('form[data-offline-queue]')");
    expect(script).not.toContain('form[data-offline-queue="visit"]');
  });

  it('completes with the posted position, and refuses without it', async () => {
    await publishTask('t-pos', 'reg_east', 'city_shanghai', { photo: false, position: true, note: false });
    await alice.post('/tasks/t-pos/claim');
    const submit = (fields: Record<string, string>) => {
      const body = new FormData();
      body.append('_csrf', alice.csrfToken);
      body.append('idempotencyKey', crypto.randomUUID());
      for (const [key, value] of Object.entries(fields)) body.append(key, value);
      return call('/tasks/t-pos/complete', { method: 'POST', body, headers: { cookie: alice.cookie, origin: 'http://fieldwall.test' } });
    };
    const refused = await submit({ lat: '', lng: '' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('This task needs your position');
    const done = await submit({ lat: '31.230400', lng: '121.473700' });
    expect(done.headers.get('location')).toBe('/rep/today?saved=1');
    expect(await wall('reg_east').getTask('reg_east', 't-pos')).toMatchObject({ status: 'done', evidence: { lat: 31.2304, lng: 121.4737 } });
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
    await env.DB.prepare("INSERT INTO escalations (id, event_id, region_id, kind, subject_type, subject_id, owner_id, subject_owner_id, title, status, opened_at) VALUES (?, ?, 'reg_east', 'lead_first_touch', 'lead', 'lead_x', 'usr_manager_east', 'usr_rep_east1', 'Lead waiting', 'open', ?)")
      .bind(id, `ev-${id}`, Date.now() - HOUR)
      .run();
  }

  it('the picker offers only the region’s managers and reps', async () => {
    await openEscalation('esc-picker');
    const html = await (await eastManager.get('/manager/escalations')).text();
    const picker = /<li id="escalation-esc-picker"[\s\S]*?<select name="ownerId"[^>]*>([\s\S]*?)<\/select>/.exec(html)![1]!;
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
      const refused = await eastManager.post('/manager/escalations/esc-refuse/reassign', { ownerId });
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('Escalations go to a manager or rep of their region.');
    }
    expect(await env.DB.prepare("SELECT owner_id FROM escalations WHERE id = 'esc-refuse'").first()).toEqual({ owner_id: 'usr_manager_east' });
    expect((await eastManager.post('/manager/escalations/esc-refuse/reassign', { ownerId: 'usr_rep_east2' })).status).toBe(303);
  });
});

