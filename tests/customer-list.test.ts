import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

type Page = {
  items: { id: string; name: string; nextFollowUpAt: string | null }[];
  nextCursor: string | null;
};

let manager: Browser;

beforeAll(async () => {
  await seedTinyCompany();
  // Two customers with no follow-up planned and two sharing one time, to exercise every keyset branch.
  await env.DB.batch([
    env.DB.prepare(
      "UPDATE customers SET next_follow_up_at = NULL WHERE id IN (SELECT id FROM customers WHERE region_id = 'reg_east' ORDER BY id LIMIT 2)",
    ),
    env.DB.prepare(
      "UPDATE customers SET next_follow_up_at = 1000 WHERE id IN (SELECT id FROM customers WHERE region_id = 'reg_east' ORDER BY id DESC LIMIT 2)",
    ),
  ]);
  manager = await signInAs('manager.east@example.com');
});

async function allPages(limit: number, query = ''): Promise<Page['items']> {
  const items: Page['items'] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({
      limit: String(limit),
      ...(query ? { q: query } : {}),
      ...(cursor ? { cursor } : {}),
    });
    const page = (await (await manager.get(`/api/v1/customers?${params}`)).json()) as Page;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe('customer list', () => {
  it('walks every customer once across pages, soonest follow-up first and none planned last', async () => {
    const { results } = await env.DB.prepare(
      "SELECT id FROM customers WHERE region_id = 'reg_east'",
    ).all<{ id: string }>();
    for (const size of [1, 3, 100]) {
      const items = await allPages(size);
      expect(items.map((c) => c.id).sort(), `page size ${size}`).toEqual(
        results.map((r) => r.id).sort(),
      );
      const times = items.map((c) =>
        c.nextFollowUpAt === null ? Number.POSITIVE_INFINITY : Date.parse(c.nextFollowUpAt),
      );
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    const items = await allPages(5);
    expect(items.slice(-2).every((c) => c.nextFollowUpAt === null)).toBe(true);
    // API times are ISO 8601 with the caller's region offset (East: Shanghai).
    expect(items[0]!.nextFollowUpAt).toBe('1970-01-01T08:00:01.000+08:00');
  });

  it('searches by part of the name and by the start of the phone number, taking % and _ literally', async () => {
    const { results } = await env.DB.prepare(
      "SELECT name, phone FROM customers WHERE region_id = 'reg_east' LIMIT 1",
    ).all<{ name: string; phone: string }>();
    const target = results[0]!;
    const byName = await allPages(50, target.name.slice(1, 5));
    expect(byName.map((c) => c.name)).toContain(target.name);
    expect(byName.every((c) => c.name.includes(target.name.slice(1, 5)))).toBe(true);
    const byPhone = await allPages(50, target.phone.slice(0, 8));
    expect(byPhone.length).toBeGreaterThanOrEqual(1);
    expect(await allPages(50, '%')).toEqual([]);
    expect(await allPages(50, '_')).toEqual([]);
  });

  it('finds customers by city name, in English or Chinese', async () => {
    const { results } = await env.DB.prepare(
      "SELECT id FROM customers WHERE city_id = 'city_hangzhou'",
    ).all<{ id: string }>();
    for (const query of ['Hangz', '杭州']) {
      const found = await allPages(100, query);
      expect(found.map((c) => c.id).sort(), query).toEqual(
        expect.arrayContaining(results.map((r) => r.id)),
      );
    }
  });

  it('answers search-as-you-type with rows only, and an empty result with a message', async () => {
    const fragment = await (
      await manager.get('/customers?q=zzzz-none', { 'hx-request': 'true' })
    ).text();
    expect(fragment).toBe('<li class="muted empty">No customers match.</li>');
    const page = await (await manager.get('/customers?q=zzzz-none')).text();
    expect(page).toContain('hx-trigger="input changed delay:350ms, search"');
  });

  it('serves "more" rows as a fragment to htmx and as a full page without it', async () => {
    const first = (await (await manager.get('/api/v1/customers?limit=5')).json()) as Page;
    const path = `/customers?cursor=${encodeURIComponent(first.nextCursor!)}`;
    const fragment = await (await manager.get(path, { 'hx-request': 'true' })).text();
    expect(fragment.startsWith('<li>')).toBe(true);
    expect(fragment).not.toContain('<html');
    const page = await (await manager.get(path)).text();
    expect(page).toContain('<html');
  });

  it('rejects a tampered cursor with 400, not 500', async () => {
    const response = await manager.get(`/customers?cursor=${btoa('["x",1]')}`);
    expect(response.status).toBe(400);
  });
});
