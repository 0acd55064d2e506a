import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { openDatabase } from '../worker/platform/db/client';
import { inboxAndRoutes } from '../worker/notifications/routing';
import { signInAs } from './helpers/http';
import { customerOf, seedTinyCompany } from './helpers/seed';

const HOUR = 3_600_000;
let data: SeedData;

/** The text of the page's <h1>, tags stripped. */
function heading(html: string): string {
  const h1 = /<h1>([\s\S]*?)<\/h1>/.exec(html);
  return h1 ? h1[1]!.replace(/<[^>]+>/g, '').trim() : '';
}

/** The board row of one escalation: its subject link and the words shown for the subject. */
function boardRow(html: string, escalationId: string) {
  const row = new RegExp(`<li id="escalation-${escalationId}"[^>]*>([\\s\\S]*?)</li>`).exec(html);
  if (!row) throw new Error(`no board row for ${escalationId}`);
  const link = /<a href="([^"]+)">([^<]*)<\/a>/.exec(row[1]!);
  return { href: link?.[1] ?? null, subject: link?.[2] ?? null };
}

beforeAll(async () => {
  data = await seedTinyCompany();
  const now = Date.now();
  const customer = customerOf(data, 'usr_rep_east1');
  await env.DB.batch([
    // rep.east1's lead, past its 24 h first-touch deadline, with no customer yet.
    env.DB.prepare(
      "INSERT INTO leads (id, region_id, city_id, assignee_id, channel, name, company, phone, email, message, priority, status, assigned_at, first_touch_deadline, created_at, updated_at) VALUES ('lead_gg', 'reg_east', 'city_shanghai', 'usr_rep_east1', 'wecom', '罗娟', 'Golden Gate Hotels Group', '+86 138 0000 0001', 'luojuan@goldengate.example', 'We need 40 rooms fitted out', 'high', 'new', ?, ?, ?, ?)",
    ).bind(now - 30 * HOUR, now - 6 * HOUR, now - 30 * HOUR, now - 30 * HOUR),
    env.DB.prepare(
      "INSERT INTO lead_touches (id, lead_id, channel, message, occurred_at) VALUES ('touch_gg_1', 'lead_gg', 'wecom', 'We need 40 rooms fitted out', ?), ('touch_gg_2', 'lead_gg', 'wecom', 'Can someone call me before Friday?', ?)",
    ).bind(now - 30 * HOUR, now - 2 * HOUR),
    // rep.east2's lead in the same region.
    env.DB.prepare(
      "INSERT INTO leads (id, region_id, city_id, assignee_id, channel, name, priority, status, assigned_at, first_touch_deadline, created_at, updated_at) VALUES ('lead_other', 'reg_east', 'city_shanghai', 'usr_rep_east2', 'form', 'Wang Lei', 'normal', 'new', ?, ?, ?, ?)",
    ).bind(now - HOUR, now + 23 * HOUR, now - HOUR, now - HOUR),
    // A lead from a known customer: its escalation title names the customer already.
    env.DB.prepare(
      "INSERT INTO leads (id, region_id, city_id, customer_id, assignee_id, channel, name, priority, status, assigned_at, first_touch_deadline, created_at, updated_at) VALUES ('lead_known', 'reg_east', ?, ?, 'usr_rep_east1', 'form', 'Kevin Ho', 'normal', 'new', ?, ?, ?, ?)",
    ).bind(
      customer.cityId,
      customer.id,
      now - 30 * HOUR,
      now - 6 * HOUR,
      now - 30 * HOUR,
      now - 30 * HOUR,
    ),
    env.DB.prepare(
      "INSERT INTO escalations (id, event_id, region_id, kind, subject_type, subject_id, owner_id, subject_owner_id, title, status, opened_at, due_at) VALUES ('esc-lead-gg', 'ev-lead-gg', 'reg_east', 'lead_first_touch', 'lead', 'lead_gg', 'usr_manager_east', 'usr_rep_east1', '罗娟 · Golden Gate Hotels Group', 'open', ?, ?), ('esc-lead-known', 'ev-lead-known', 'reg_east', 'lead_first_touch', 'lead', 'lead_known', 'usr_manager_east', 'usr_rep_east1', ?, 'open', ?, ?)",
    ).bind(
      now - 6 * HOUR,
      now - 6 * HOUR,
      `Kevin Ho · ${customer.name}`,
      now - 6 * HOUR,
      now - 6 * HOUR,
    ),
  ]);
  const db = openDatabase(env.DB);
  await db.batch([
    ...inboxAndRoutes(db, {
      recipientId: 'usr_director',
      kind: 'escalation.lead_first_touch',
      title: 'Lead not contacted in time — 罗娟 · Golden Gate Hotels Group',
      body: '',
      subjectType: 'escalation',
      subjectId: 'esc-lead-gg',
      dedupeKey: 'test:esc-lead-gg:director',
      now,
    }),
    ...inboxAndRoutes(db, {
      recipientId: 'usr_director',
      kind: 'test.lead',
      title: 'A lead to look at: 罗娟',
      body: '',
      subjectType: 'lead',
      subjectId: 'lead_gg',
      dedupeKey: 'test:lead-gg:director',
      now,
    }),
  ]);
});

describe('the lead page', () => {
  it('the manager opens a lead of their region from the escalation board and sees the lead', async () => {
    const manager = await signInAs('manager.east@example.com');
    const row = boardRow(await (await manager.get('/manager/escalations')).text(), 'esc-lead-gg');
    expect(row.href).toBe('/leads/lead_gg');
    expect(row.subject).toBe('罗娟 · Golden Gate Hotels Group · Shanghai');
    const page = await manager.get(row.href!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(heading(html)).toContain('罗娟 · Golden Gate Hotels Group');
    expect(html).toContain('href="tel:+86 138 0000 0001"');
    expect(html).toContain('luojuan@goldengate.example');
    expect(html).toContain('First touch overdue since 6 h ago');
    expect(html).toMatch(/<dt>Assigned to<\/dt>\s*<dd>[^<]+<\/dd>/);
    expect(html).toContain('We need 40 rooms fitted out');
    expect(html).toContain('Can someone call me before Friday?');
    // Managers watch; only the assigned rep logs the first touch.
    expect(html).not.toContain('action="/leads/lead_gg/first-touch"');
  });

  it('a lead escalation whose title names the customer does not repeat the name', async () => {
    const manager = await signInAs('manager.east@example.com');
    const customer = customerOf(data, 'usr_rep_east1');
    const row = boardRow(
      await (await manager.get('/manager/escalations')).text(),
      'esc-lead-known',
    );
    expect(row.href).toBe(`/customers/${customer.id}`);
    expect(row.subject!.startsWith(`Kevin Ho · ${customer.name}`)).toBe(true);
    expect(row.subject!.split(customer.name)).toHaveLength(2);
  });

  it('a manager of another region gets 404, the same as for a lead that does not exist', async () => {
    const north = await signInAs('manager.north@example.com');
    const outside = await north.get('/leads/lead_gg');
    expect(outside.status).toBe(404);
    const missing = await north.get('/leads/no_such_lead');
    expect(missing.status).toBe(404);
    const text = await outside.text();
    expect(text).not.toContain('罗娟');
    expect(heading(text)).toBe(heading(await missing.text()));
  });

  it('a rep sees their own lead with the first-touch buttons, and not another rep’s lead', async () => {
    const rep = await signInAs('rep.east1@example.com');
    const html = await (await rep.get('/leads/lead_gg')).text();
    expect(heading(html)).toContain('罗娟');
    const form = /<form[^>]*action="\/leads\/lead_gg\/first-touch"[^>]*>([\s\S]*?)<\/form>/.exec(
      html,
    );
    expect(form).not.toBeNull();
    for (const label of ['Called', 'Visited', 'Messaged']) expect(form![1]).toContain(label);
    expect((await rep.get('/leads/lead_other')).status).toBe(404);

    expect(form![1]).toContain('name="back" value="lead"');
    const response = await rep.post('/leads/lead_gg/first-touch', {
      channel: 'message',
      back: 'lead',
    });
    expect(response.headers.get('location')).toBe('/leads/lead_gg?touched=1');
    const touched = await (await rep.get('/leads/lead_gg?touched=1')).text();
    expect(touched).toContain('First touch logged: the clock has stopped.');
    expect(touched).toContain('First touched');
    expect(touched).toContain('(Messaged)');
    expect(touched).not.toContain('action="/leads/lead_gg/first-touch"');
  });

  it('the director’s inbox link for a lead escalation leads to the lead page', async () => {
    const director = await signInAs('director@example.com');
    const inbox = await (await director.get('/inbox')).text();
    const escalationLink = /<a class="row-title" href="([^"]+)">Lead not contacted in time/.exec(
      inbox,
    );
    expect(escalationLink?.[1]).toBe('/manager/escalations/esc-lead-gg');
    const row = boardRow(await (await director.get(escalationLink![1]!)).text(), 'esc-lead-gg');
    expect(row.href).toBe('/leads/lead_gg');
    expect(heading(await (await director.get(row.href!)).text())).toContain('罗娟');
    // A notification about the lead itself opens its page too (reps get their inbox instead).
    const leadLink = /<a class="row-title" href="([^"]+)">A lead to look at/.exec(inbox);
    expect(leadLink?.[1]).toBe('/leads/lead_gg');
  });

  it('speaks Chinese for a zh-CN reader', async () => {
    const manager = await signInAs('manager.east@example.com');
    await manager.post('/settings/locale', { locale: 'zh-CN', next: '/leads/lead_gg' });
    const html = await (await manager.get('/leads/lead_gg')).text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(heading(html)).toContain('罗娟');
    for (const label of [
      '<dt>公司</dt>',
      '<dt>来源</dt>',
      '<dt>负责销售</dt>',
      '<dt>状态</dt>',
      '线索留言',
    ])
      expect(html).toContain(label);
    expect(html).not.toContain('<dt>Company</dt>');
  });
});
