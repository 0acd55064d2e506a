import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, postForm, sessionCookieFrom } from './helpers/http';

// This file's database starts empty (migrations only); vitest.config.ts sets SETUP_TOKEN.
const TOKEN = 'test-setup-token';
const setup = (fields: Record<string, string>, address = '192.0.2.10') =>
  postForm(
    '/setup',
    {
      name: 'Chen Jing',
      email: 'chen.jing@example.com',
      password: 'first-admin-pass',
      passwordConfirm: 'first-admin-pass',
      ...fields,
    },
    { 'cf-connecting-ip': address },
  );
const adminCount = async () =>
  (await env.DB.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin'").first<{
    n: number;
  }>())!.n;

describe('first-run setup', () => {
  it('offers the form on a database without an admin', async () => {
    const page = await call('/setup');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Set up Fieldwall</h1>');
    expect(html).toContain('name="token"');
  });

  it('refuses a wrong token with a message, and creates nobody', async () => {
    const refused = await setup({ token: 'not-the-token' }, '192.0.2.20');
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('That is not the setup token.');
    expect(await adminCount()).toBe(0);
  });

  it('throttles wrong tokens: the sixth try from one address is refused even with the right token', async () => {
    for (let i = 0; i < 5; i++)
      expect((await setup({ token: `guess-${i}` }, '192.0.2.30')).status).toBe(403);
    const locked = await setup({ token: TOKEN }, '192.0.2.30');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(await locked.text()).toContain('Too many failed attempts. Try again in 15 min.');
    expect(await adminCount()).toBe(0);
  });

  it('says which field is wrong when the passwords differ', async () => {
    const response = await setup({ token: TOKEN, passwordConfirm: 'something-else' }, '192.0.2.40');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('The two passwords differ.');
    expect(await adminCount()).toBe(0);
  });

  it('creates exactly one admin when two setups race, signs that admin in, and is then gone for ever', async () => {
    const [first, second] = await Promise.all([
      setup({ token: TOKEN, email: 'first@example.com', name: 'First Admin' }, '192.0.2.50'),
      setup({ token: TOKEN, email: 'second@example.com', name: 'Second Admin' }, '192.0.2.51'),
    ]);
    const statuses = [first!.status, second!.status].sort();
    expect(statuses).toEqual([303, 404]);
    expect(await adminCount()).toBe(1);

    const winner = first!.status === 303 ? first! : second!;
    expect(winner.headers.get('location')).toBe('/admin/api-tokens');
    const home = await call('/admin/api-tokens', {
      headers: { cookie: sessionCookieFrom(winner) },
    });
    expect(home.status).toBe(200);
    const name = first!.status === 303 ? 'First Admin' : 'Second Admin';
    expect(await home.text()).toContain(name);
    const audit = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'user.setup_admin'",
    ).first<{ n: number }>();
    expect(audit!.n).toBe(1);

    expect((await call('/setup')).status).toBe(404);
    const again = await setup({ token: TOKEN, email: 'third@example.com' }, '192.0.2.60');
    expect(again.status).toBe(404);
    expect(await adminCount()).toBe(1);
  });
});
