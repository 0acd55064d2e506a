import { beforeAll, describe, expect, it } from 'vitest';
import { call, postForm, signInAs } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

beforeAll(async () => {
  await seedTinyCompany();
});

describe('locale', () => {
  it('renders Chinese for Accept-Language zh-CN and English otherwise', async () => {
    const zh = await call('/login', { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    const html = await zh.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('登录');
    expect(zh.headers.get('content-language')).toBe('zh-CN');
    expect(
      await (await call('/login', { headers: { 'accept-language': 'en-US' } })).text(),
    ).toContain('Sign in');
  });

  it('translates failure messages too', async () => {
    const response = await postForm(
      '/login',
      { email: 'rep.east1@example.com', password: 'nope' },
      { 'accept-language': 'zh-CN', 'cf-connecting-ip': '198.51.100.99' },
    );
    expect(await response.text()).toContain('邮箱或密码不正确。');
  });

  it('keeps a signed-in user’s choice over the browser’s header, for pages and the API', async () => {
    const browser = await signInAs('manager.east@example.com');
    expect(
      (
        await browser.post('/settings/locale', { locale: 'zh-CN', next: '/manager/wall' })
      ).headers.get('location'),
    ).toBe('/manager/wall');
    const page = await (await browser.get('/manager/wall', { 'accept-language': 'en' })).text();
    expect(page).toContain('区域任务墙');
    expect(page).toContain('华东');
    const me = (await (await browser.get('/api/v1/me', { 'accept-language': 'en' })).json()) as {
      locale: string;
    };
    expect(me.locale).toBe('zh-CN');
  });

  it('lets a signed-out visitor pick a language with a cookie', async () => {
    const response = await postForm('/settings/locale', { locale: 'zh-CN', next: '/login' });
    expect(response.status).toBe(303);
    const cookie = /fw_lang=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
    expect(cookie).toBe('fw_lang=zh-CN');
    expect(
      await (
        await call('/login', { headers: { cookie: cookie!, 'accept-language': 'en' } })
      ).text(),
    ).toContain('登录');
  });

  it('sends the language switch home when `next` points off the site, never a 500', async () => {
    for (const next of [
      '/\t/evil.example',
      '//evil.example',
      '/x\r\nLocation: https://evil.example',
      'https://evil.example/',
    ]) {
      const response = await postForm('/settings/locale', { locale: 'en', next });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/');
    }
  });

  it('rejects an unsupported locale with 400', async () => {
    const response = await postForm('/settings/locale', { locale: 'fr' });
    expect(response.status).toBe(400);
  });
});
