import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

let data: SeedData;
let rep: Browser;

beforeAll(async () => {
  data = await seedTinyCompany();
  rep = await signInAs('rep.east1@example.com');
});

/** The rep's customer with the most visits, so the timeline has pages. */
async function busiestCustomer() {
  return (await env.DB.prepare(
    "SELECT customer_id AS id, count(*) AS n FROM visits WHERE rep_id = 'usr_rep_east1' GROUP BY customer_id ORDER BY n DESC LIMIT 1",
  ).first<{ id: string; n: number }>())!;
}

describe('customer page', () => {
  it('shows grade, stage, health with its reason, contacts, deals, timeline, contracts and actions', async () => {
    const customer = data.customers.find(
      (c) => c.ownerId === 'usr_rep_east1' && c.healthScore! < 80,
    )!;
    const html = await (await rep.get(`/customers/${customer.id}`)).text();
    expect(html).toContain(`>${customer.grade}</dd>`);
    expect(html).toMatch(
      /class="muted health-reason">(Not visited recently|Deal is slow in its stage|Small contract value for the region)</,
    );
    expect(html).toContain(`href="/customers/${customer.id}/visits/new"`);
    for (const heading of ['Contacts', 'Open deals', 'Timeline', 'Contracts'])
      expect(html).toContain(`<h2>${heading}</h2>`);
  });

  it('pages through the timeline, newest first, every visit once', async () => {
    const { id, n } = await busiestCustomer();
    expect(n).toBeGreaterThan(10);
    const seen: string[] = [];
    let html = await (await rep.get(`/customers/${id}`)).text();
    for (;;) {
      seen.push(
        ...[...html.matchAll(/<li class="visit"><p class="muted">([^<]+)</g)].map((m) => m[1]!),
      );
      const older = /hx-get="(\/customers\/[^"]+\/timeline\?before=[^"]+)"/.exec(html)?.[1];
      if (!older) break;
      const response = await rep.get(older.replace(/&amp;/g, '&'), { 'hx-request': 'true' });
      expect(response.status).toBe(200);
      html = await response.text();
      expect(html).not.toContain('<html');
    }
    expect(seen).toHaveLength(n);
  });

  it('refuses another rep’s timeline and a tampered cursor', async () => {
    const { id } = await busiestCustomer();
    const other = await signInAs('rep.east2@example.com');
    expect((await other.get(`/customers/${id}/timeline?before=1.visit:x`)).status).toBe(404);
    expect((await rep.get(`/customers/${id}/timeline?before=garbage`)).status).toBe(400);
  });
});
