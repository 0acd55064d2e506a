import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, postForm, sessionCookieFrom, signInAs } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

beforeAll(async () => {
  await seedTinyCompany();
});

describe('sign-in', () => {
  it('signs a rep in with the demo password and sends them to their home', async () => {
    const response = await postForm('/login', {
      email: 'rep.east1@example.com',
      password: 'fieldwall-demo',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/rep');
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/fw_session=[\w-]{40,}/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const page = await call('/customers', { headers: { cookie: sessionCookieFrom(response) } });
    expect(page.status).toBe(200);
  });

  it('marks the cookie Secure when served over https', async () => {
    const response = await exports.default.fetch(
      new Request('https://fieldwall.test/login', {
        method: 'POST',
        body: new URLSearchParams({ email: 'rep.east1@example.com', password: 'fieldwall-demo' }),
        headers: { origin: 'https://fieldwall.test' },
        redirect: 'manual',
      }),
    );
    expect(response.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
  });

  it('sends each role to its own start page', async () => {
    const starts: Record<string, string> = {
      'manager.east@example.com': '/manager/wall',
      'director@example.com': '/manager/wall',
      'admin@example.com': '/admin/api-tokens',
      'legal.west@example.com': '/contracts',
    };
    for (const [email, path] of Object.entries(starts)) {
      const response = await postForm('/login', { email, password: 'fieldwall-demo' });
      expect(response.headers.get('location'), email).toBe(path);
    }
  });

  it('answers a wrong password with the form again and a message, and no cookie', async () => {
    const response = await postForm(
      '/login',
      { email: 'rep.east1@example.com', password: 'not-it' },
      { 'cf-connecting-ip': '203.0.113.50' },
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
    const html = await response.text();
    expect(html).toContain('Email or password is incorrect.');
    expect(html).toContain('value="rep.east1@example.com"');
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const response = await postForm(
      '/login',
      { email: 'nobody@example.com', password: 'x' },
      { 'cf-connecting-ip': '203.0.113.51' },
    );
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('Email or password is incorrect.');
  });

  it('rejects a malformed form with 400 and a message, never a 500', async () => {
    const response = await postForm('/login', { email: 'not-an-email' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Enter your email and password.');
  });

  it('only follows `next` to paths on this site', async () => {
    const inside = await postForm('/login', {
      email: 'rep.east1@example.com',
      password: 'fieldwall-demo',
      next: '/customers?q=a',
    });
    expect(inside.headers.get('location')).toBe('/customers?q=a');
    const outside = await postForm('/login', {
      email: 'rep.east1@example.com',
      password: 'fieldwall-demo',
      next: '//evil.example/x',
    });
    expect(outside.headers.get('location')).toBe('/rep');
  });

  it('sends a `next` hiding another host behind a tab, CR/LF or NUL home instead, never a 500', async () => {
    for (const next of [
      '/\t/evil.example',
      '/\\evil.example',
      '/x\r\nSet-Cookie: a=b',
      '/x\u0000',
      'javascript:alert(1)',
    ]) {
      const response = await postForm('/login', {
        email: 'rep.east1@example.com',
        password: 'fieldwall-demo',
        next,
      });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/rep');
    }
    const page = await (await call(`/login?next=${encodeURIComponent('/\t/evil.example')}`)).text();
    expect(page).not.toContain('evil.example');
  });

  it('signing out ends the session on the server', async () => {
    const browser = await signInAs('rep.south1@example.com');
    const out = await browser.post('/logout');
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/login');
    const after = await browser.get('/customers');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/login/);
  });

  it('records sign-ins and failures in the audit log', async () => {
    const { results } = await env.DB.prepare(
      "SELECT action FROM audit_log WHERE action LIKE 'login.%'",
    ).all<{ action: string }>();
    const actions = new Set(results.map((r) => r.action));
    expect(actions).toEqual(new Set(['login.succeeded', 'login.failed']));
  });
});
