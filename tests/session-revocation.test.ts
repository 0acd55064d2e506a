import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../worker/auth/crypto';
import { cachedSession } from '../worker/auth/session-cache';
import { ROUND_TRIPS_HEADER } from '../worker/platform/db/round-trips';
import type { SeedData } from '../scripts/seed/generate';
import { signInAs, submissionKeyIn, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

let data: SeedData;

beforeAll(async () => {
  data = await seedTinyCompany();
});

/** The id the isolate's session cache knows this browser's session by. */
const sessionIdOf = (browser: Browser) => sha256Hex(browser.cookie.replace(/^fw_session=/, ''));

async function isCached(browser: Browser): Promise<boolean> {
  return cachedSession(await sessionIdOf(browser), Date.now()) !== null;
}

/** Signs out every device of the user in D1 only, as another isolate would. */
const deleteSessionsOf = (userId: string) =>
  env.DB.prepare('DELETE FROM sessions WHERE user_id = ?').bind(userId).run();

const setActive = (userId: string, active: boolean) =>
  env.DB.prepare('UPDATE users SET active = ? WHERE id = ?')
    .bind(active ? 1 : 0, userId)
    .run();

async function customersNamed(name: string): Promise<number> {
  return (await env.DB.prepare('SELECT count(*) AS n FROM customers WHERE name = ?')
    .bind(name)
    .first<{ n: number }>())!.n;
}

const heading = (html: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1];

describe('revoking a session takes effect on the very next request', () => {
  it('a session deleted in D1 is refused on the next page although this isolate still caches it', async () => {
    const rep = await signInAs('rep.east1@example.com');
    const customers = await rep.get('/customers');
    expect(customers.status).toBe(200);
    expect(await isCached(rep)).toBe(true);

    await deleteSessionsOf('usr_rep_east1');
    expect(await isCached(rep)).toBe(true);
    const response = await rep.get('/customers?q=li');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?next=%2Fcustomers%3Fq%3Dli');
    expect(await response.text()).not.toContain('<h1');
    // The check rode along with the page's own batch: still one round trip.
    expect(response.headers.get(ROUND_TRIPS_HEADER)).toBe('1');
    expect(await isCached(rep)).toBe(false);
  });

  it('a page that makes no batch checks the cached session with one read of its own', async () => {
    const rep = await signInAs('rep.east1@example.com');
    // Home sends a rep to their own page without reading anything.
    const home = await rep.get('/');
    expect(home.headers.get('location')).toBe('/rep');
    expect(home.headers.get(ROUND_TRIPS_HEADER)).toBe('1');

    await deleteSessionsOf('usr_rep_east1');
    const refused = await rep.get('/');
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe('/login?next=%2F');
  });

  it('a write never trusts the cache: a signed-out session creates nothing', async () => {
    const rep = await signInAs('rep.east1@example.com');
    const form = await (await rep.get('/customers/new')).text();
    const submissionKey = submissionKeyIn(form, '/customers');
    const cityId = data.users.find((user) => user.id === 'usr_rep_east1')!.cityId!;
    expect(await isCached(rep)).toBe(true);

    await deleteSessionsOf('usr_rep_east1');
    const response = await rep.post('/customers', {
      submissionKey,
      name: 'Revoked Session Trading',
      phone: '+86 188 0000 9901',
      cityId,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login');
    expect(await customersNamed('Revoked Session Trading')).toBe(0);
    expect(await isCached(rep)).toBe(false);
  });

  it('a deactivated user is refused on the next page, the next write and the API', async () => {
    const rep = await signInAs('rep.west1@example.com');
    const form = await (await rep.get('/customers/new')).text();
    const submissionKey = submissionKeyIn(form, '/customers');
    const cityId = data.users.find((user) => user.id === 'usr_rep_west1')!.cityId!;
    /** Deactivates the rep once this isolate has cached their session again. */
    const deactivateWhileCached = async () => {
      await setActive('usr_rep_west1', true);
      expect((await rep.get('/rep')).status).toBe(200);
      await setActive('usr_rep_west1', false);
      expect(await isCached(rep)).toBe(true);
    };
    try {
      await deactivateWhileCached();
      const read = await rep.get('/rep');
      expect(read.status).toBe(303);
      expect(read.headers.get('location')).toBe('/login?next=%2Frep');

      await deactivateWhileCached();
      const write = await rep.post('/customers', {
        submissionKey,
        name: 'Deactivated Rep Trading',
        phone: '+86 188 0000 9902',
        cityId,
      });
      expect(write.headers.get('location')).toBe('/login');
      expect(await customersNamed('Deactivated Rep Trading')).toBe(0);

      await deactivateWhileCached();
      const api = await rep.get('/api/v1/me');
      expect(api.status).toBe(401);
      expect(await api.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    } finally {
      await setActive('usr_rep_west1', true);
    }
  });

  it('a live cached session keeps its one round trip and its page', async () => {
    const rep = await signInAs('rep.east2@example.com');
    await rep.get('/customers');
    const response = await rep.get('/customers');
    expect(response.status).toBe(200);
    expect(response.headers.get(ROUND_TRIPS_HEADER)).toBe('1');
    expect(await isCached(rep)).toBe(true);
  });
});
