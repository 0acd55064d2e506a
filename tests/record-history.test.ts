import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { signInAs, type Browser } from './helpers/http';
import { customerOf, seedTinyCompany } from './helpers/seed';
import { api, createDealByApi, headingOf } from './helpers/deals';

let data: SeedData;
let rep: Browser;

beforeAll(async () => {
  data = await seedTinyCompany();
  rep = await signInAs('rep.east1@example.com');
});

describe("a record's own history", () => {
  it('shows the owner every change of their deal, before → after, linked from the deal page', async () => {
    const customer = customerOf(data, 'usr_rep_east1');
    const id = await createDealByApi(rep, {
      customerId: customer.id,
      name: 'Cold room pilot',
      stage: 'qualify',
    });
    expect(
      (await api(rep, 'PATCH', `/api/v1/deals/${id}`, { name: 'Cold room rollout' })).status,
    ).toBe(200);

    const dealPage = await (await rep.get(`/deals/${id}`)).text();
    expect(dealPage).toContain(`href="/history/deal/${id}"`);
    const history = await rep.get(`/history/deal/${id}`);
    expect(history.status).toBe(200);
    const html = await history.text();
    expect(headingOf(html)).toBe('History of Cold room rollout');
    expect(html).toContain(`href="/deals/${id}"`);
    // Newest first: the rename, naming both names, then the creation.
    const rename = html.indexOf('Cold room pilot');
    expect(rename).toBeGreaterThan(-1);
    expect(html.slice(rename - 400, rename + 400)).toContain('Cold room rollout');
    const entries = [...html.matchAll(/<li class="event" data-entry="[^"]+">[^]*?<\/li>/g)].map(
      (m) => m[0],
    );
    expect(entries).toHaveLength(2);
    expect(entries[0]).toContain('Cold room pilot');
    expect(entries[1]).not.toContain('Cold room rollout');
  });

  it('is not found for anyone who may not see the record, and for a bad page position', async () => {
    const customer = customerOf(data, 'usr_rep_east1');
    const id = await createDealByApi(rep, {
      customerId: customer.id,
      name: 'Private pipeline',
      stage: 'qualify',
    });
    const otherRep = await signInAs('rep.east2@example.com');
    expect((await otherRep.get(`/history/deal/${id}`)).status).toBe(404);
    const otherManager = await signInAs('manager.west@example.com');
    expect((await otherManager.get(`/history/deal/${id}`)).status).toBe(404);
    const business = await signInAs('business.east@example.com');
    expect((await business.get(`/history/deal/${id}`)).status).toBe(404);
    expect((await rep.get(`/history/deal/${id}?before=nonsense`)).status).toBe(400);
    expect((await rep.get(`/history/visit/${id}`)).status).toBe(400);
  });

  it("lets the region's manager read a customer's history", async () => {
    const customer = customerOf(data, 'usr_rep_east1');
    await env.DB.prepare(
      "INSERT INTO audit_log (id, actor_id, action, subject_type, subject_id, customer_id, detail, created_at) VALUES ('hist_1', 'usr_rep_east1', 'customer.updated', 'customer', ?, ?, ?, ?)",
    )
      .bind(
        customer.id,
        customer.id,
        JSON.stringify({ before: { grade: 'C' }, after: { grade: 'A' } }),
        Date.now(),
      )
      .run();
    const manager = await signInAs('manager.east@example.com');
    const html = await (await manager.get(`/history/customer/${customer.id}`)).text();
    expect(headingOf(html)).toBe(`History of ${customer.name}`);
    expect(html).toMatch(/grade[^<]*C[^<]*→[^<]*A|C → A/);
  });
});
