import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { postForm, signInAs } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

beforeAll(async () => {
  await seedTinyCompany();
});

const heading = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];

describe('settings', () => {
  it('every user has a settings page, linked from the header', async () => {
    const rep = await signInAs('rep.south1@example.com');
    const page = await (await rep.get('/settings')).text();
    expect(heading(page)).toBe('Settings');
    expect(page).toContain('<a href="/settings"');
    expect(page).toContain('action="/settings/password"');
  });

  it('refuses a change without the right current password', async () => {
    const rep = await signInAs('rep.south1@example.com', undefined, '198.51.100.61');
    const refused = await rep.post('/settings/password', {
      current: 'not-my-password',
      password: 'brand-new-password',
      passwordConfirm: 'brand-new-password',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('The current password is incorrect.');
  });

  it('refuses further tries once the current password was wrong five times, even the right one', async () => {
    const rep = await signInAs('rep.east1@example.com', undefined, '198.51.100.67');
    const attempt = (current: string) =>
      rep.post('/settings/password', {
        current,
        password: 'east1-new-password',
        passwordConfirm: 'east1-new-password',
      });
    for (let i = 0; i < 5; i++) expect((await attempt('not-my-password')).status).toBe(400);
    const refused = await attempt('fieldwall-demo');
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Too many failed attempts. Try again in 15 min.');
    // The refused change did not happen: the demo password still signs in.
    await signInAs('rep.east1@example.com', 'fieldwall-demo', '198.51.100.68');
  });

  it('changes the password, keeps this session and ends the others', async () => {
    const laptop = await signInAs('rep.south2@example.com', undefined, '198.51.100.62');
    const phone = await signInAs('rep.south2@example.com', undefined, '198.51.100.63');
    const changed = await laptop.post('/settings/password', {
      current: 'fieldwall-demo',
      password: 'south2-new-password',
      passwordConfirm: 'south2-new-password',
    });
    expect(changed.status).toBe(303);
    const after = await (await laptop.get('/settings?changed=1')).text();
    expect(after).toContain('Password changed. Your other devices are signed out.');
    const stale = await phone.get('/rep');
    expect(stale.headers.get('location')).toMatch(/^\/login/);
    const old = await postForm(
      '/login',
      { email: 'rep.south2@example.com', password: 'fieldwall-demo' },
      { 'cf-connecting-ip': '198.51.100.64' },
    );
    expect(old.status).toBe(401);
    await signInAs('rep.south2@example.com', 'south2-new-password', '198.51.100.65');
  });

  it('saves the language on the user', async () => {
    const rep = await signInAs('rep.south1@example.com', undefined, '198.51.100.66');
    await rep.post('/settings/locale', { locale: 'zh-CN', next: '/settings' });
    expect(heading(await (await rep.get('/settings')).text())).toBe('设置');
    const row = await env.DB.prepare(
      "SELECT locale FROM users WHERE email = 'rep.south1@example.com'",
    ).first<{
      locale: string;
    }>();
    expect(row!.locale).toBe('zh-CN');
  });
});
