import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { regionWall } from '../worker/tasks/wall';
import { openDatabase } from '../worker/platform/db/client';
import { loadRegion } from '../durable-objects/region-wall/hydration';
import { call, ORIGIN, signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

const DAY = 86_400_000;
let data: SeedData;
let rep: Browser;

beforeAll(async () => {
  data = await seedTinyCompany();
  rep = await signInAs('rep.east1@example.com');
});

/** The rep's customer with the most open deals (and a contact), due for a follow-up today. */
async function customerWithOpenDeals() {
  const row = (await env.DB.prepare(
    `SELECT c.id, c.name, count(d.id) AS deals FROM customers c JOIN deals d ON d.customer_id = c.id
     WHERE c.owner_id = 'usr_rep_east1' AND d.stage NOT IN ('won', 'lost')
       AND EXISTS (SELECT 1 FROM contacts WHERE customer_id = c.id)
     GROUP BY c.id ORDER BY deals DESC LIMIT 1`,
  ).first<{ id: string; name: string; deals: number }>())!;
  await env.DB.prepare('UPDATE customers SET next_follow_up_at = ? WHERE id = ?')
    .bind(Date.now() - 3_600_000, row.id)
    .run();
  const deals = (
    await env.DB.prepare(
      "SELECT id, last_progress_at AS lastProgressAt FROM deals WHERE customer_id = ? AND stage NOT IN ('won', 'lost')",
    )
      .bind(row.id)
      .all<{ id: string; lastProgressAt: number }>()
  ).results;
  return { ...row, deals };
}

const wall = () => regionWall(env, 'reg_east');
const staleDealTimers = async (dealIds: string[]) =>
  (await wall().pendingTimers()).filter(
    (t) => t.kind === 'stale_deal' && dealIds.includes(t.subjectId),
  );

const heading = (html: string) => /<h1>([^<]*)/.exec(html)?.[1]?.trim();

async function listed(customer: { id: string; name: string }) {
  const list = await (await rep.get(`/customers?q=${encodeURIComponent(customer.name)}`)).text();
  const api = (await (
    await rep.get(`/api/v1/customers?q=${encodeURIComponent(customer.name)}`, {
      accept: 'application/json',
    })
  ).json()) as { items: { id: string }[] };
  const today = await (await rep.get('/rep/today')).text();
  const todayApi = (await (
    await rep.get('/api/v1/today', { accept: 'application/json' })
  ).json()) as {
    followUps: { customerId: string }[];
  };
  return {
    list: list.includes(`href="/customers/${customer.id}"`),
    api: api.items.some((item) => item.id === customer.id),
    today: today.includes(`/customers/${customer.id}`),
    todayApi: todayApi.followUps.some((item) => item.customerId === customer.id),
  };
}

describe('editing a customer', () => {
  it('saves the change and an audit entry with before → after', async () => {
    const customer = data.customers.find((c) => c.ownerId === 'usr_rep_east1')!;
    const form = await (await rep.get(`/customers/${customer.id}/edit`)).text();
    expect(form).toContain(`value="${customer.name}"`);
    const response = await rep.post(`/customers/${customer.id}/edit`, {
      name: customer.name,
      phone: '021 5555 0101',
      cityId: customer.cityId,
      grade: customer.grade === 'A' ? 'B' : 'A',
      industry: 'Energy',
    });
    expect(response.status).toBe(303);
    const page = await (await rep.get(response.headers.get('location')!)).text();
    expect(page).toContain('Changes saved.');
    expect(page).toContain('href="tel:021 5555 0101"');
    const audit = await env.DB.prepare(
      "SELECT detail, customer_id FROM audit_log WHERE action = 'customer.updated' AND subject_id = ?",
    )
      .bind(customer.id)
      .first<{ detail: string; customer_id: string }>();
    const detail = JSON.parse(audit!.detail) as {
      before: Record<string, unknown>;
      after: Record<string, unknown>;
    };
    expect(audit!.customer_id).toBe(customer.id);
    expect(detail.before).toMatchObject({ phone: customer.phone, grade: customer.grade });
    expect(detail.after).toMatchObject({ phone: '021 5555 0101', industry: 'Energy' });
    expect(detail.after).not.toHaveProperty('name');
  });

  it('shows each field’s problem on a bad edit and changes nothing', async () => {
    const customer = data.customers.find((c) => c.ownerId === 'usr_rep_east1')!;
    const response = await rep.post(`/customers/${customer.id}/edit`, {
      name: '',
      phone: '021 5555 0101',
      cityId: customer.cityId,
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/id="name-error">Enter the customer’s name/);
    const row = await env.DB.prepare('SELECT name FROM customers WHERE id = ?')
      .bind(customer.id)
      .first<{ name: string }>();
    expect(row!.name).toBe(customer.name);
  });
});

describe('archiving and restoring a customer', () => {
  it('archived: out of lists, search, Today and the API, its deal timers stopped; restored: all back', async () => {
    const customer = await customerWithOpenDeals();
    const dealIds = customer.deals.map((d) => d.id);
    expect(dealIds.length).toBeGreaterThan(0);
    expect(await listed(customer)).toEqual({ list: true, api: true, today: true, todayApi: true });
    expect(await staleDealTimers(dealIds)).toHaveLength(dealIds.length);
    const homeBefore = (await (
      await rep.get('/api/v1/today', { accept: 'application/json' })
    ).json()) as { counts: { today: number } };

    const archived = await rep.post(`/customers/${customer.id}/archive`);
    expect(archived.status).toBe(303);
    const page = await (await rep.get(archived.headers.get('location')!)).text();
    expect(heading(page)).toBe(customer.name);
    expect(page).toContain('Customer archived.');
    expect(page).toMatch(/<strong>Archived<\/strong>/);
    expect(page).toContain(`action="/customers/${customer.id}/restore"`);
    expect(await listed(customer)).toEqual({
      list: false,
      api: false,
      today: false,
      todayApi: false,
    });
    const homeAfter = (await (
      await rep.get('/api/v1/today', { accept: 'application/json' })
    ).json()) as { counts: { today: number } };
    expect(homeAfter.counts.today).toBe(homeBefore.counts.today - 1);
    await vi.waitFor(async () => expect(await staleDealTimers(dealIds)).toHaveLength(0));
    // A wall starting from nothing (after an eviction) does not bring them back either.
    const hydrated = await loadRegion(openDatabase(env.DB), 'reg_east', Date.now());
    expect(hydrated.timers.filter((t) => dealIds.includes(t.subjectId))).toEqual([]);
    // Managers find it under "Archived customers".
    const manager = await signInAs('manager.east@example.com');
    const archivedList = await (await manager.get('/customers?archived=1')).text();
    expect(archivedList).toContain(`href="/customers/${customer.id}"`);

    const restored = await rep.post(`/customers/${customer.id}/restore`);
    expect(restored.status).toBe(303);
    const back = await (await rep.get(restored.headers.get('location')!)).text();
    expect(back).toContain('Customer restored.');
    expect(back).not.toMatch(/<strong>Archived<\/strong>/);
    for (const dealId of dealIds) expect(back).toContain(`id="deal-${dealId}"`);
    expect(back).not.toContain('No contacts yet.');
    expect(await listed(customer)).toEqual({ list: true, api: true, today: true, todayApi: true });
    await vi.waitFor(async () => {
      const timers = await staleDealTimers(dealIds);
      expect(timers).toHaveLength(dealIds.length);
      // Anchored on the deal's real last progress (a past first step may already have fired).
      for (const deal of customer.deals)
        expect([7 * DAY, 14 * DAY].map((after) => deal.lastProgressAt + after)).toContain(
          timers.find((t) => t.subjectId === deal.id)!.dueAt,
        );
    });
    const actions = (
      await env.DB.prepare(
        "SELECT action FROM audit_log WHERE customer_id = ? AND action LIKE 'customer.%' ORDER BY created_at",
      )
        .bind(customer.id)
        .all<{ action: string }>()
    ).results.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['customer.archived', 'customer.restored']));
  });

  it('the API archives and restores too', async () => {
    const customer = data.customers.filter((c) => c.ownerId === 'usr_rep_east1')[2]!;
    const post = (path: string) =>
      rep.post(path, {}, { accept: 'application/json', 'x-csrf-token': rep.csrfToken });
    const archived = await post(`/api/v1/customers/${customer.id}/archive`);
    expect(archived.status).toBe(200);
    expect(((await archived.json()) as { archivedAt: string | null }).archivedAt).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/,
    );
    const restored = await post(`/api/v1/customers/${customer.id}/restore`);
    expect(((await restored.json()) as { archivedAt: string | null }).archivedAt).toBeNull();
  });

  it('another rep’s customer: 404 for edit, archive and restore, and nothing changes', async () => {
    const other = data.customers.find((c) => c.ownerId === 'usr_rep_east2')!;
    for (const path of [
      `/customers/${other.id}/edit`,
      `/customers/${other.id}/archive`,
      `/customers/${other.id}/restore`,
    ])
      expect(
        (await rep.post(path, { name: 'Hijacked', phone: '13900000000', cityId: other.cityId }))
          .status,
        path,
      ).toBe(404);
    expect((await rep.get(`/customers/${other.id}/edit`)).status).toBe(404);
    expect(
      (await rep.get(`/api/v1/customers/${other.id}`, { accept: 'application/json' })).status,
    ).toBe(404);
    const row = await env.DB.prepare('SELECT name, archived_at FROM customers WHERE id = ?')
      .bind(other.id)
      .first<{ name: string; archived_at: number | null }>();
    expect(row).toEqual({ name: other.name, archived_at: null });
    // Business reads the region's customers but may not change them.
    const business = await signInAs('business.east@example.com');
    expect((await business.post(`/customers/${other.id}/archive`)).status).toBe(403);
  });

  it('PATCH /api/v1/customers/:id changes given fields only, within edit scope', async () => {
    const mine = data.customers.filter((c) => c.ownerId === 'usr_rep_east1')[3]!;
    const patch = (id: string, body: unknown) =>
      call(`/api/v1/customers/${id}`, {
        method: 'PATCH',
        headers: {
          cookie: rep.cookie,
          'x-csrf-token': rep.csrfToken,
          'content-type': 'application/json',
          origin: ORIGIN,
        },
        body: JSON.stringify(body),
      });
    const ok = await patch(mine.id, { address: '88 Harbor Road' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      id: mine.id,
      name: mine.name,
      address: '88 Harbor Road',
    });
    const bad = await patch(mine.id, { email: 'nope' });
    expect(bad.status).toBe(422);
    const other = data.customers.find((c) => c.ownerId === 'usr_rep_east2')!;
    expect((await patch(other.id, { address: 'x' })).status).toBe(404);
  });
});
