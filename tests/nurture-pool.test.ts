import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedTinyCompany } from './helpers/seed';
import { signInAs, type Browser } from './helpers/http';

const DAY = 86_400_000;
let manager: Browser;
let dormantIds: string[] = [];

/** The customers listed on a page of the pool, in order. */
const listed = (html: string) =>
  [...html.matchAll(/<li id="nurture-([\w-]+)">/g)].map((m) => m[1]!);
const moreHref = (html: string) =>
  /<li class="pager" id="nurture-more"><a class="button secondary" href="([^"]+)"/
    .exec(html)?.[1]
    ?.replace(/&amp;/g, '&');

beforeAll(async () => {
  await seedTinyCompany();
  manager = await signInAs('manager.east@example.com');
  // 60 customers of East in the pool (copies of one), dormant for 60 down to 2 days (two share a day).
  const columns = (
    await env.DB.prepare("SELECT name FROM pragma_table_info('customers')").all<{ name: string }>()
  ).results.map((column) => column.name);
  const copied = columns.map((name) =>
    name === 'id'
      ? "'cus_pool_' || printf('%02d', n)"
      : name === 'name'
        ? "'Pool customer ' || n"
        : name,
  );
  await env.DB.prepare('UPDATE customers SET dormant = 0, dormant_at = NULL').run();
  await env.DB.prepare(
    `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 60)
     INSERT INTO customers (${columns.join(', ')})
     SELECT ${copied.join(', ')} FROM seq, (SELECT * FROM customers WHERE region_id = 'reg_east' AND archived_at IS NULL ORDER BY id LIMIT 1)`,
  ).run();
  const now = Date.now();
  const results = Array.from({ length: 60 }, (_, i) => ({
    id: `cus_pool_${String(i + 1).padStart(2, '0')}`,
  }));
  await env.DB.batch(
    results.map((row, i) =>
      env.DB.prepare('UPDATE customers SET dormant = 1, dormant_at = ? WHERE id = ?').bind(
        now - (60 - Math.min(i, 58)) * DAY,
        row.id,
      ),
    ),
  );
  dormantIds = results.map((row) => row.id);
});

describe('the nurture pool', () => {
  it('lists 50 a page, longest dormant first, and "more" brings the rest without repeats', async () => {
    const first = await (await manager.get('/nurture')).text();
    const page1 = listed(first);
    expect(page1).toHaveLength(50);
    expect(page1).toEqual(dormantIds.slice(0, 50));
    const next = moreHref(first)!;
    // htmx asks for the rows only; without JS the same link is a whole page.
    const fragment = await (await manager.get(next, { 'hx-request': 'true' })).text();
    expect(fragment).not.toContain('<html');
    expect(listed(fragment)).toEqual(dormantIds.slice(50));
    expect(moreHref(fragment)).toBeUndefined();
    const page2 = await (await manager.get(next)).text();
    expect(page2).toContain('<h1>');
    expect(listed(page2)).toEqual(dormantIds.slice(50));
  });

  it('refuses a made-up cursor with a clear error', async () => {
    const response = await manager.get('/nurture?after=not-a-cursor');
    expect(response.status).toBe(400);
  });
});
