import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { signInAs, type Browser } from './helpers/http';
import { customerOf, seedTinyCompany } from './helpers/seed';

let data: SeedData;
const as: Record<string, Browser> = {};

beforeAll(async () => {
  data = await seedTinyCompany();
  for (const email of [
    'rep.east1',
    'rep.east2',
    'manager.east',
    'manager.west',
    'director',
    'admin',
    'business.east',
    'legal.west',
  ]) {
    as[email] = await signInAs(`${email}@example.com`);
  }
});

const eastRep1Customer = () => customerOf(data, 'usr_rep_east1');
const eastRep2Customer = () => customerOf(data, 'usr_rep_east2');
const westCustomer = () => customerOf(data, 'usr_rep_west1');

async function status(browser: Browser, path: string) {
  return (await browser.get(path)).status;
}

describe('who sees which customer', () => {
  it('a rep reads their own customer, page and API', async () => {
    expect(await status(as['rep.east1']!, `/customers/${eastRep1Customer().id}`)).toBe(200);
    const api = await as['rep.east1']!.get(`/api/v1/customers/${eastRep1Customer().id}`);
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ id: eastRep1Customer().id, ownerId: 'usr_rep_east1' });
  });

  it('rep A cannot read rep B’s customer, even in the same region: 404 as if it did not exist', async () => {
    const page = await as['rep.east1']!.get(`/customers/${eastRep2Customer().id}`);
    expect(page.status).toBe(404);
    const missing = await as['rep.east1']!.get('/customers/cus_does_not_exist');
    const main = (html: string) => /<main[^>]*>(.*)<\/main>/s.exec(html)?.[1];
    expect(main(await page.text())).toBe(main(await missing.text()));
    const api = await as['rep.east1']!.get(`/api/v1/customers/${eastRep2Customer().id}`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: { code: 'not_found', message: 'Not found' } });
  });

  it('a rep’s list holds only their own customers', async () => {
    const response = await as['rep.east1']!.get('/api/v1/customers?limit=100');
    const body = (await response.json()) as { items: { id: string }[] };
    const own = data.customers.filter((c) => c.ownerId === 'usr_rep_east1').map((c) => c.id);
    expect(body.items.map((c) => c.id).sort()).toEqual(own.sort());
  });

  it('East’s manager reads every East customer and no West customer', async () => {
    expect(await status(as['manager.east']!, `/customers/${eastRep1Customer().id}`)).toBe(200);
    expect(await status(as['manager.east']!, `/customers/${eastRep2Customer().id}`)).toBe(200);
    expect(await status(as['manager.east']!, `/customers/${westCustomer().id}`)).toBe(404);
    expect(await status(as['manager.west']!, `/customers/${eastRep1Customer().id}`)).toBe(404);
    const body = (await (await as['manager.east']!.get('/api/v1/customers?limit=100')).json()) as {
      items: { id: string }[];
    };
    const eastIds = new Set(
      data.customers.filter((c) => c.regionId === 'reg_east').map((c) => c.id),
    );
    expect(body.items.length).toBe(eastIds.size);
    expect(body.items.every((c) => eastIds.has(c.id))).toBe(true);
  });

  it('the director reads every region', async () => {
    expect(await status(as['director']!, `/customers/${eastRep1Customer().id}`)).toBe(200);
    expect(await status(as['director']!, `/customers/${westCustomer().id}`)).toBe(200);
  });

  it('business and legal read their own region’s customers only', async () => {
    expect(await status(as['business.east']!, `/customers/${eastRep2Customer().id}`)).toBe(200);
    expect(await status(as['business.east']!, `/customers/${westCustomer().id}`)).toBe(404);
    expect(await status(as['legal.west']!, `/customers/${westCustomer().id}`)).toBe(200);
    expect(await status(as['legal.west']!, `/customers/${eastRep1Customer().id}`)).toBe(404);
  });

  it('business and legal see a customer’s contracts but not its visits or deals', async () => {
    const html = await (
      await as['business.east']!.get(`/customers/${eastRep1Customer().id}`)
    ).text();
    expect(html).toContain('<h2>Contracts</h2>');
    expect(html).toContain('<h2>Timeline</h2>');
    expect(html).not.toContain('<li class="visit">');
    expect(html).not.toContain('<h2>Open deals</h2>');
    const older = await as['business.east']!.get(
      `/customers/${eastRep1Customer().id}/timeline?before=9999999999999.visit:x`,
    );
    expect(older.status).toBe(200);
    expect(await older.text()).not.toContain('<li class="visit">');
    const rep = await (await as['rep.east1']!.get(`/customers/${eastRep1Customer().id}`)).text();
    expect(rep).toContain('<li class="visit">');
  });

  it('the admin runs settings, not the sales book', async () => {
    expect(await status(as['admin']!, '/customers')).toBe(403);
    const api = await as['admin']!.get(`/api/v1/customers/${eastRep1Customer().id}`);
    expect(api.status).toBe(404);
  });
});

describe('who reaches which feature', () => {
  it('only managers and the director open the region wall', async () => {
    expect(await status(as['manager.east']!, '/manager/wall')).toBe(200);
    expect(await status(as['director']!, '/manager/wall')).toBe(200);
    expect(await status(as['rep.east1']!, '/manager/wall')).toBe(403);
    expect(await status(as['admin']!, '/manager/wall')).toBe(403);
  });

  it('East’s manager sees only East on the wall; the director sees all four regions', async () => {
    const east = await (await as['manager.east']!.get('/manager/wall')).text();
    expect(east).toContain('<h2>East</h2>');
    expect(east).not.toContain('>West<');
    expect(east).toMatch(/class="who">[^<]+ · Manager · East</);
    expect(east).not.toContain('<h2>West</h2>');
    const all = await (await as['director']!.get('/manager/wall')).text();
    // The selected region heads its live board; the others link to theirs.
    for (const region of ['East', 'South', 'North', 'West'])
      expect(all).toMatch(
        new RegExp(`<h2>(<a href="/manager/wall\\?region=reg_\\w+">)?${region}(</a>)?</h2>`),
      );
    expect(all.match(/<h2><a href="\/manager\/wall\?region=/g)).toHaveLength(3);
    expect(all).toMatch(/class="who">[^<]+ · Director · All regions</);
  });

  it('only the admin manages API tokens', async () => {
    expect(await status(as['admin']!, '/admin/api-tokens')).toBe(200);
    expect(await status(as['director']!, '/admin/api-tokens')).toBe(403);
    expect(await status(as['rep.east1']!, '/admin/api-tokens')).toBe(403);
  });

  it('a signed-out visitor is sent to sign in, and an API caller gets 401', async () => {
    const { call } = await import('./helpers/http');
    const page = await call(`/customers/${eastRep1Customer().id}`);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(
      `/login?next=%2Fcustomers%2F${eastRep1Customer().id}`,
    );
    const api = await call('/api/v1/customers');
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });
});
