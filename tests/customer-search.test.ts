import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { openDatabase } from '../worker/platform/db/client';
import { searchCustomers } from '../worker/customers/queries';
import { searchTerms } from '../worker/customers/search-index';
import { isNull } from 'drizzle-orm';
import { customers } from '../worker/platform/db/schema';
import { signInAs, type Browser } from './helpers/http';
import { customerOf, seedTinyCompany } from './helpers/seed';

let data: SeedData;
let rep: Browser;
let director: Browser;

/** The names of the customers a search lists (the JSON API of the same list). */
async function found(browser: Browser, q: string): Promise<string[]> {
  const page = (await (
    await browser.get(`/api/v1/customers?${new URLSearchParams({ q, limit: '50' })}`)
  ).json()) as { items: { name: string }[] };
  return page.items.map((item) => item.name);
}

const run = (statement: string, ...binds: unknown[]) =>
  env.DB.prepare(statement)
    .bind(...binds)
    .run();

beforeAll(async () => {
  data = await seedTinyCompany();
  rep = await signInAs('rep.east1@example.com');
  director = await signInAs('director@example.com');
  const mine = customerOf(data, 'usr_rep_east1');
  const theirs = customerOf(data, 'usr_rep_east2');
  await run('UPDATE customers SET name = ? WHERE id = ?', 'Xylotropeview Marine Supplies', mine.id);
  await run('UPDATE customers SET name = ? WHERE id = ?', 'Xylotrope Light Trading', theirs.id);
  await run(
    'UPDATE customers SET name = ? WHERE id = ?',
    '华东精密仪器有限公司',
    customerOf(data, 'usr_rep_south1').id,
  );
});

describe('customer search', () => {
  it('finds a name by any three characters in it, in English or Chinese, within scope', async () => {
    expect(await found(rep, 'otropevi')).toEqual(['Xylotropeview Marine Supplies']);
    // The other rep's Xylotrope customer stays out of this rep's results…
    expect(await found(rep, 'Xylotrope')).toEqual(['Xylotropeview Marine Supplies']);
    // …and the director finds both, the closer match first.
    expect((await found(director, 'xylotrope')).sort()).toEqual([
      'Xylotrope Light Trading',
      'Xylotropeview Marine Supplies',
    ]);
    expect(await found(director, '精密仪')).toEqual(['华东精密仪器有限公司']);
    expect(await found(director, 'Xylotrope Trading')).toEqual(['Xylotrope Light Trading']);
  });

  it('finds a customer by a contact’s name, and stops when the contact is removed', async () => {
    const mine = customerOf(data, 'usr_rep_east1');
    const contact = data.contacts.find((k) => k.customerId === mine.id)!;
    await run('UPDATE contacts SET name = ? WHERE id = ?', 'Quentin Zarathustra', contact.id);
    expect(await found(rep, 'Zarathus')).toEqual(['Xylotropeview Marine Supplies']);
    await run('UPDATE contacts SET archived_at = ? WHERE id = ?', Date.now(), contact.id);
    expect(await found(rep, 'Zarathus')).toEqual([]);
  });

  it('follows renames of the customer and of its city', async () => {
    const mine = customerOf(data, 'usr_rep_east1');
    await run('UPDATE customers SET name = ? WHERE id = ?', 'Bayside Marine Supplies', mine.id);
    expect(await found(rep, 'Xylotropeview')).toEqual([]);
    expect(await found(rep, 'Bayside')).toEqual(['Bayside Marine Supplies']);
    const city = data.cities.find((c) => c.id === mine.cityId)!;
    await run('UPDATE cities SET name = ? WHERE id = ?', 'Qingpuville', city.id);
    expect(await found(rep, 'Qingpuvil')).toContain('Bayside Marine Supplies');
    await run('UPDATE cities SET name = ? WHERE id = ?', city.name, city.id);
  });

  it('finds phones and short Chinese names too (two characters: read within scope)', async () => {
    const mine = customerOf(data, 'usr_rep_east1');
    expect(await found(rep, mine.phone!)).toEqual(['Bayside Marine Supplies']);
    await run('UPDATE customers SET name = ? WHERE id = ?', '王芳', mine.id);
    expect(await found(rep, '王芳')).toEqual(['王芳']);
  });

  it('never scans the customers table for an indexed search, even the director’s', async () => {
    const db = openDatabase(env.DB);
    const directorViewer = {
      id: 'usr_director',
      role: 'director' as const,
      regionId: null,
      cityId: null,
    };
    const repViewer = {
      id: 'usr_rep_east1',
      role: 'rep' as const,
      regionId: 'reg_east',
      cityId: null,
    };
    for (const viewer of [directorViewer, repViewer]) {
      const query = searchCustomers(
        db,
        viewer,
        searchTerms('Xylotrope')!,
        isNull(customers.archivedAt),
        30,
      ).toSQL();
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
        .bind(...query.params)
        .all<{ detail: string }>();
      const plan = results.map((row) => row.detail);
      expect(plan.some((step) => step.includes('customer_search VIRTUAL TABLE'))).toBe(true);
      expect(plan.filter((step) => /^SCAN (customers|cities)\b/.test(step))).toEqual([]);
    }
  });

  it('shows the results on the customers page', async () => {
    const html = await (await director.get('/customers?q=Xylotrope+Light')).text();
    expect(html).toContain('Xylotrope Light Trading');
    expect(html).not.toContain('华东精密仪器有限公司');
  });
});

describe('search terms', () => {
  it('quote each term and need three characters each', () => {
    expect(searchTerms('Harbor  Light')).toBe('"Harbor" AND "Light"');
    expect(searchTerms('say "hi"there')).toBe('"say" AND """hi""there"');
    expect(searchTerms('王芳')).toBeNull();
    expect(searchTerms('Harbor Li')).toBeNull();
  });
});
