import { beforeAll, describe, expect, it } from 'vitest';
import { call, ORIGIN, postForm, signInAs } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

beforeAll(async () => {
  await seedTinyCompany();
});

describe('CSRF protection', () => {
  it('refuses a signed-in form post without the session’s token', async () => {
    const browser = await signInAs('rep.east1@example.com');
    const response = await postForm('/logout', {}, { cookie: browser.cookie });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('This form expired');
    // The session survived the forged request.
    expect((await browser.get('/customers')).status).toBe(200);
  });

  it('refuses a token from another session', async () => {
    const alice = await signInAs('rep.east1@example.com');
    const bob = await signInAs('rep.east2@example.com');
    const response = await postForm('/logout', { _csrf: bob.csrfToken }, { cookie: alice.cookie });
    expect(response.status).toBe(403);
  });

  it('refuses cross-site posts by Origin and by Sec-Fetch-Site, even to sign-in', async () => {
    const foreign = await postForm(
      '/login',
      { email: 'rep.east1@example.com', password: 'fieldwall-demo' },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const crossSite = await call('/login', {
      method: 'POST',
      body: new URLSearchParams({ email: 'rep.east1@example.com', password: 'fieldwall-demo' }),
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
  });

  it('accepts the token as a header, the way htmx sends it', async () => {
    const browser = await signInAs('rep.east1@example.com');
    const response = await call('/settings/locale', {
      method: 'POST',
      body: new URLSearchParams({ locale: 'zh-CN', next: '/customers' }),
      headers: { cookie: browser.cookie, origin: ORIGIN, 'x-csrf-token': browser.csrfToken },
    });
    expect(response.status).toBe(303);
  });

  it('answers a JSON caller’s CSRF failure with a JSON error', async () => {
    const browser = await signInAs('rep.east1@example.com');
    const response = await call('/api/v1/me', {
      method: 'POST',
      headers: { cookie: browser.cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'csrf_failed' } });
  });
});
