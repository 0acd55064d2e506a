import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { call, signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

let data: SeedData;
let rep: Browser;
const HOUR = 3_600_000;

beforeAll(async () => {
  data = await seedTinyCompany();
  rep = await signInAs('rep.east1@example.com');
  const now = Date.now();
  // Two fresh leads for rep.east1: one still within its 24 h, one past it.
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO leads (id, region_id, city_id, assignee_id, channel, name, company, message, priority, status, assigned_at, first_touch_deadline, created_at, updated_at) VALUES ('lead_fresh', 'reg_east', 'city_shanghai', 'usr_rep_east1', 'form', 'Zhang Min', 'Harbor Foods', 'Please send a quote', 'high', 'new', ?, ?, ?, ?)",
    ).bind(now - HOUR, now + 23 * HOUR, now - HOUR, now - HOUR),
    env.DB.prepare(
      "INSERT INTO leads (id, region_id, city_id, assignee_id, channel, name, priority, status, assigned_at, first_touch_deadline, created_at, updated_at) VALUES ('lead_late', 'reg_east', 'city_shanghai', 'usr_rep_east1', 'wecom', 'Tony Ho', 'normal', 'new', ?, ?, ?, ?)",
    ).bind(now - 30 * HOUR, now - 6 * HOUR, now - 30 * HOUR, now - 30 * HOUR),
  ]);
});

describe('leads inbox', () => {
  it('lists the rep’s untouched leads with age and the first-touch countdown', async () => {
    const html = await (await rep.get('/rep/inbox')).text();
    expect(html).toContain('id="lead-lead_fresh"');
    expect(html).toContain('High priority');
    expect(html).toContain('First touch due in 23 h');
    expect(html).toContain('First touch overdue since 6 h ago');
    expect(html.indexOf('lead_fresh')).toBeLessThan(html.indexOf('lead_late'));
  });

  it('logging a first touch stops the clock once; a second log keeps the first time', async () => {
    const response = await rep.post('/leads/lead_fresh/first-touch', { channel: 'call' });
    expect(response.headers.get('location')).toBe('/rep/inbox?touched=1');
    const first = await env.DB.prepare(
      "SELECT status, first_touch_at, first_touch_channel FROM leads WHERE id = 'lead_fresh'",
    ).first<{ status: string; first_touch_at: number; first_touch_channel: string }>();
    expect(first).toMatchObject({ status: 'contacted', first_touch_channel: 'call' });
    await rep.post('/leads/lead_fresh/first-touch', { channel: 'visit' });
    const second = await env.DB.prepare(
      "SELECT first_touch_at, first_touch_channel FROM leads WHERE id = 'lead_fresh'",
    ).first();
    expect(second).toEqual({ first_touch_at: first!.first_touch_at, first_touch_channel: 'call' });
    const audits = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'lead.first_touch' AND subject_id = 'lead_fresh'",
    ).first<{ n: number }>();
    expect(audits!.n).toBe(1);
    const inbox = await (await rep.get('/rep/inbox?touched=1')).text();
    expect(inbox).toContain('First touch logged: the clock has stopped.');
    expect(inbox).not.toContain('id="lead-lead_fresh"');
  });

  it('another rep cannot touch this rep’s lead: 404, nothing written', async () => {
    const other = await signInAs('rep.east2@example.com');
    const response = await other.post('/leads/lead_late/first-touch', { channel: 'call' });
    expect(response.status).toBe(404);
    const lead = await env.DB.prepare(
      "SELECT first_touch_at FROM leads WHERE id = 'lead_late'",
    ).first();
    expect(lead).toEqual({ first_touch_at: null });
    expect(
      await env.DB.prepare("SELECT id FROM audit_log WHERE subject_id = 'lead_late'").first(),
    ).toBeNull();
  });

  it('rejects an unknown channel with 400', async () => {
    expect((await rep.post('/leads/lead_late/first-touch', { channel: 'telepathy' })).status).toBe(
      400,
    );
  });

  it('GET /api/v1/leads lists leads in scope with source, priority, assignee and touches', async () => {
    const mine = (await (await rep.get('/api/v1/leads?limit=100')).json()) as {
      items: {
        id: string;
        assigneeId: string;
        channel: string;
        priority: string;
        touches: number;
      }[];
    };
    expect(mine.items.every((lead) => lead.assigneeId === 'usr_rep_east1')).toBe(true);
    expect(mine.items.length).toBe(
      data.leads.filter((l) => l.assigneeId === 'usr_rep_east1').length + 2,
    );
    const seeded = mine.items.find((lead) => data.leads.some((l) => l.id === lead.id))!;
    expect(seeded.touches).toBeGreaterThanOrEqual(1);
    const manager = await signInAs('manager.west@example.com');
    const west = (await (await manager.get('/api/v1/leads?limit=100')).json()) as {
      items: { regionId: string }[];
    };
    expect(west.items.every((lead) => lead.regionId === 'reg_west')).toBe(true);
    expect((await call('/api/v1/leads')).status).toBe(401);
  });

  it('POST /api/v1/leads/:id/first-touch works with JSON', async () => {
    const response = await rep.post('/api/v1/leads/lead_late/first-touch', {}, {});
    expect(response.status).toBe(400);
    const json = await call('/api/v1/leads/lead_late/first-touch', {
      method: 'POST',
      headers: {
        cookie: rep.cookie,
        'x-csrf-token': rep.csrfToken,
        'content-type': 'application/json',
        origin: 'http://fieldwall.test',
      },
      body: JSON.stringify({ channel: 'message' }),
    });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({
      id: 'lead_late',
      firstTouchChannel: 'message',
      justTouched: true,
      withinDeadline: false,
    });
  });
});
