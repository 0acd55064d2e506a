import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../worker/platform/http/format';
import { ROUND_TRIPS_HEADER } from '../worker/platform/db/round-trips';
import { signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

const HOUR = 3_600_000;
const NOW = Date.now();
const CUSTOMER = 'cus_timeline';
let rep: Browser;
let timeZone: string;
let repName: string;
let managerName: string;

const at = (hoursAgo: number) => NOW - hoursAgo * HOUR;

async function run(sql: string, ...params: unknown[]) {
  await env.DB.prepare(sql)
    .bind(...params)
    .run();
}

/** The timeline's entries as a person reads them: each entry's text, tags stripped. */
function entries(html: string): string[] {
  // A page holds the list; an htmx fragment is the entries alone.
  const list = html.includes('<ul class="timeline">')
    ? html.slice(html.indexOf('<ul class="timeline">'))
    : html;
  return [...list.matchAll(/<li class="(?:visit|event[^"]*)">([\s\S]*?)<\/li>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

beforeAll(async () => {
  await seedTinyCompany();
  const rep1 = (await env.DB.prepare(
    "SELECT u.name, u.region_id, u.city_id, r.time_zone FROM users u JOIN regions r ON r.id = u.region_id WHERE u.id = 'usr_rep_east1'",
  ).first<{ name: string; region_id: string; city_id: string; time_zone: string }>())!;
  timeZone = rep1.time_zone;
  repName = rep1.name;
  managerName = (await env.DB.prepare(
    "SELECT name FROM users WHERE id = 'usr_manager_east'",
  ).first<{ name: string }>())!.name;
  await run(
    `INSERT INTO customers (id, name, region_id, city_id, owner_id, grade, industry, lifecycle_stage, created_at, updated_at)
     VALUES (?, 'Timeline Trading', ?, ?, 'usr_rep_east1', 'B', 'Retail', 'active', ?, ?)`,
    CUSTOMER,
    rep1.region_id,
    rep1.city_id,
    at(100),
    at(100),
  );
  await run(
    `INSERT INTO leads (id, region_id, city_id, customer_id, assignee_id, channel, name, company, priority, status, created_at, updated_at)
     VALUES ('lead_tl', ?, ?, ?, 'usr_rep_east1', 'email', 'Zhou Min', 'Timeline Trading', 'normal', 'converted', ?, ?)`,
    rep1.region_id,
    rep1.city_id,
    CUSTOMER,
    at(6),
    at(6),
  );
  await run(
    `INSERT INTO visits (id, customer_id, rep_id, region_id, city_id, visited_at, check_in_status, summary, aci_next_follow_up, aci_evidence, aci_stage, created_at)
     VALUES ('vis_tl', ?, 'usr_rep_east1', ?, ?, ?, 'verified', 'Demoed the gateway to the store manager', 1, 1, 1, ?)`,
    CUSTOMER,
    rep1.region_id,
    rep1.city_id,
    at(5),
    at(5),
  );
  await run(
    `INSERT INTO customer_messages (id, customer_id, channel, sender, text, received_at, delivery_id)
     VALUES ('msg_tl', ?, 'wecom', 'Wang Fang', 'Please send the quote', ?, 'dlv_tl')`,
    CUSTOMER,
    at(4),
  );
  await run(
    `INSERT INTO lead_touches (id, lead_id, channel, message, occurred_at) VALUES ('lt_tl', 'lead_tl', 'dingtalk', 'Any update on pricing?', ?)`,
    at(3),
  );
  await run(
    `INSERT INTO deals (id, customer_id, owner_id, region_id, city_id, name, stage, amount_cents, stage_entered_at, last_progress_at, created_at)
     VALUES ('deal_tl', ?, 'usr_rep_east1', ?, ?, 'Gateway rollout', 'discover', 5000000, ?, ?, ?)`,
    CUSTOMER,
    rep1.region_id,
    rep1.city_id,
    at(2),
    at(2),
    at(7),
  );
  await run(
    `INSERT INTO deal_stage_history (id, deal_id, from_stage, to_stage, changed_at, changed_by) VALUES ('dsh_tl', 'deal_tl', 'qualify', 'discover', ?, 'usr_rep_east1')`,
    at(2),
  );
  await run(
    `INSERT INTO audit_log (id, actor_id, action, subject_type, subject_id, detail, customer_id, created_at)
     VALUES ('aud_tl', 'usr_manager_east', 'contract.status_changed', 'contract', 'ctr_tl', ?, ?, ?)`,
    JSON.stringify({ before: { status: 'draft' }, after: { status: 'active' } }),
    CUSTOMER,
    at(1),
  );
  rep = await signInAs('rep.east1@example.com');
});

describe('customer timeline', () => {
  it('shows visits, messages, lead source and touches, stage changes and audit entries, newest first, with who and when', async () => {
    const response = await rep.get(`/customers/${CUSTOMER}`);
    expect(Number(response.headers.get(ROUND_TRIPS_HEADER))).toBe(1);
    const html = await response.text();
    expect(html).toContain('<h2>Timeline</h2>');
    const when = (hoursAgo: number) => formatDateTime(at(hoursAgo), 'en', timeZone);
    expect(entries(html)).toEqual([
      `${when(1)} · ${managerName} Contract status changed · status: draft → active`,
      `${when(2)} · ${repName} Gateway rollout: Qualify → Discover`,
      `${when(3)} · Zhou Min Lead got in touch via DingTalk Any update on pricing?`,
      `${when(4)} · Wang Fang Message via WeCom Please send the quote`,
      `${when(5)} · ${repName} · Checked in on site Demoed the gateway to the store manager`,
      `${when(6)} · ${repName} Lead from Email · Zhou Min · Timeline Trading`,
    ]);
  });

  it('pages to older entries with htmx and without JS, every entry once', async () => {
    for (let i = 0; i < 12; i++)
      await run(
        `INSERT INTO audit_log (id, actor_id, action, subject_type, subject_id, detail, customer_id, created_at)
         VALUES (?, 'usr_rep_east1', 'order.partially_shipped', 'order', 'ord_tl', ?, ?, ?)`,
        `aud_old_${i}`,
        JSON.stringify({ before: null, after: { number: `PO-${i}` } }),
        CUSTOMER,
        at(24 + i),
      );
    const first = await (await rep.get(`/customers/${CUSTOMER}`)).text();
    const firstEntries = entries(first);
    expect(firstEntries).toHaveLength(10);
    const older = /hx-get="(\/customers\/[^"]+\/timeline\?before=[^"]+)"/
      .exec(first)![1]!
      .replace(/&amp;/g, '&');
    const response = await rep.get(older, { 'hx-request': 'true' });
    const fragment = await response.text();
    expect(response.status, fragment.slice(0, 300)).toBe(200);
    expect(fragment).not.toContain('<html');
    const rest = entries(fragment);
    expect(rest).toHaveLength(8);
    expect(new Set([...firstEntries, ...rest]).size).toBe(18);
    expect(rest.at(-1)).toContain('Order: partially shipped · PO-11');
    expect(fragment).not.toContain('timeline?before=');
    // Without JS the same link is a page of its own, headed by the customer.
    const page = await (await rep.get(older)).text();
    expect(page).toContain(`<a href="/customers/${CUSTOMER}">Timeline Trading</a>`);
    expect(entries(page)).toEqual(rest);
  });

  it('shows a business user the audited contract change but no visits, messages, leads or deals', async () => {
    const business = await signInAs('business.east@example.com');
    const html = await (await business.get(`/customers/${CUSTOMER}`)).text();
    const seen = entries(html);
    expect(seen[0]).toContain('Contract status changed');
    expect(html).not.toContain('Demoed the gateway');
    expect(html).not.toContain('Please send the quote');
    expect(html).not.toContain('Any update on pricing?');
    expect(html).not.toContain('Gateway rollout');
    expect(html).not.toContain('Lead from');
  });

  it('is not found for another rep', async () => {
    const other = await signInAs('rep.east2@example.com');
    expect((await other.get(`/customers/${CUSTOMER}/timeline?before=${NOW}.audit:x`)).status).toBe(
      404,
    );
  });
});
