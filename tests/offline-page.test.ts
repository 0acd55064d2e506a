import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedTinyCompany } from './helpers/seed';
import { call, signInAs } from './helpers/http';

beforeAll(async () => {
  await seedTinyCompany();
});

const heading = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];

describe('the offline page follows the reader’s language', () => {
  it('the service worker keeps one offline page per language', async () => {
    const script = await (await env.ASSETS.fetch('http://fieldwall.test/sw.js')).text();
    const shell = JSON.parse(/const SHELL = (\[.*\]);/.exec(script)![1]!) as string[];
    expect(shell).toEqual(expect.arrayContaining(['/offline/en', '/offline/zh-CN']));
    expect(shell).not.toContain('/offline');
    // Offline, it shows the page of the language the server last answered in.
    expect(script).toContain('content-language');
    expect(script).toContain("`/offline/${lang === 'zh-CN' ? 'zh-CN' : 'en'}`");
  });

  it('each language’s copy is in that language whoever caches it, and names no one', async () => {
    const rep = await signInAs('rep.east1@example.com');
    const zh = await (await rep.get('/offline/zh-CN')).text();
    expect(zh).toContain('<html lang="zh-CN">');
    expect(heading(zh)).toBe('当前离线');
    const en = await (await rep.get('/offline/en')).text();
    expect(en).toContain('<html lang="en">');
    expect(heading(en)).toBe('You are offline');
    const name = (await env.DB.prepare("SELECT name FROM users WHERE id = 'usr_rep_east1'").first<{
      name: string;
    }>())!.name;
    expect(zh).not.toContain(name);
    expect(en).not.toContain('name="_csrf"');
  });

  it('has no page for a language Fieldwall does not speak', async () => {
    expect((await call('/offline/fr', { headers: { accept: 'text/html' } })).status).toBe(404);
  });
});
