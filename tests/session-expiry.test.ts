import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { forgetAllSessions, SESSION_CACHE_TTL_MS } from '../worker/auth/session-cache';
import { signInAs } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

beforeAll(async () => {
  await seedTinyCompany();
});

describe('session expiry', () => {
  it('sends an expired session back to sign-in, keeping where it wanted to go', async () => {
    const browser = await signInAs('rep.east1@example.com');
    expect((await browser.get('/customers')).status).toBe(200);
    await env.DB.prepare('UPDATE sessions SET expires_at = ? WHERE user_id = ?')
      .bind(Date.now() - 1, 'usr_rep_east1')
      .run();
    // This isolate validated the session a moment ago and still caches it; the check that rides
    // along with the page's batch sees the expiry all the same (tests/session-revocation.test.ts).
    const response = await browser.get('/customers?q=ab');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?next=%2Fcustomers%3Fq%3Dab');
  });

  it('answers an expired session on the API with 401 JSON', async () => {
    const browser = await signInAs('rep.east1@example.com');
    await env.DB.prepare('UPDATE sessions SET expires_at = ? WHERE user_id = ?')
      .bind(Date.now() - 1, 'usr_rep_east1')
      .run();
    forgetAllSessions();
    const response = await browser.get('/api/v1/me');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('ends every session of a deactivated user at once', async () => {
    const browser = await signInAs('rep.west1@example.com');
    await env.DB.prepare('UPDATE users SET active = 0 WHERE id = ?').bind('usr_rep_west1').run();
    // A new isolate, which holds no session, asks D1 at once.
    forgetAllSessions();
    expect((await browser.get('/customers')).status).toBe(303);
  });

  it('never serves a cached session past its own expiry', async () => {
    const browser = await signInAs('rep.east1@example.com');
    const expiresAt = Date.now() + 2_000;
    await env.DB.prepare('UPDATE sessions SET expires_at = ? WHERE user_id = ?')
      .bind(expiresAt, 'usr_rep_east1')
      .run();
    forgetAllSessions();
    // Cached now, with an expiry sooner than the cache's TTL.
    expect((await browser.get('/customers')).status).toBe(200);
    expect(expiresAt - Date.now()).toBeLessThan(SESSION_CACHE_TTL_MS);
    await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 10));
    const response = await browser.get('/customers');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?next=%2Fcustomers');
  });
});
