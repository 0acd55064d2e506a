import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
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
    const response = await browser.get('/customers?q=ab');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?next=%2Fcustomers%3Fq%3Dab');
  });

  it('answers an expired session on the API with 401 JSON', async () => {
    const browser = await signInAs('rep.east1@example.com');
    await env.DB.prepare('UPDATE sessions SET expires_at = ? WHERE user_id = ?')
      .bind(Date.now() - 1, 'usr_rep_east1')
      .run();
    const response = await browser.get('/api/v1/me');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('ends every session of a deactivated user at once', async () => {
    const browser = await signInAs('rep.west1@example.com');
    await env.DB.prepare('UPDATE users SET active = 0 WHERE id = ?').bind('usr_rep_west1').run();
    expect((await browser.get('/customers')).status).toBe(303);
  });
});
