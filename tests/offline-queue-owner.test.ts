import { beforeAll, describe, expect, it } from 'vitest';
import { call, signInAs } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

beforeAll(async () => {
  await seedTinyCompany();
});

/** The attributes of the page's <body> tag. */
function bodyAttributes(html: string): Record<string, string> {
  const tag = /<body\b([^>]*)>/.exec(html)![1]!;
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

describe('the offline visit queue belongs to the signed-in rep', () => {
  it('every rep page tells the phone’s script who is signed in, and what to ask before signing out with unsent visits', async () => {
    const east1 = await signInAs('rep.east1@example.com');
    const east2 = await signInAs('rep.east2@example.com');
    for (const path of ['/rep', '/rep/today']) {
      expect(bodyAttributes(await (await east1.get(path)).text())).toMatchObject({
        'data-offline': 'rep',
        'data-user-id': 'usr_rep_east1',
      });
    }
    const body = bodyAttributes(await (await east2.get('/rep')).text());
    expect(body['data-user-id']).toBe('usr_rep_east2');
    expect(body['data-unsent']).toBe(
      '{n} entries saved offline are not sent yet. Sign out anyway? They stay on this phone and are sent when you sign in again.',
    );
    const zh = await signInAs('rep.south1@example.com');
    await zh.post('/settings/locale', { locale: 'zh-CN', next: '/rep' });
    expect(bodyAttributes(await (await zh.get('/rep')).text())['data-unsent']).toContain(
      '条离线保存的记录尚未发送',
    );
  });

  it('a signed-out page names nobody, so nothing queued is sent from it', async () => {
    const body = bodyAttributes(await (await call('/login')).text());
    expect(body['data-user-id']).toBeUndefined();
    expect(body['data-offline']).toBeUndefined();
  });

  it('the sign-out form is on every rep page, and signing out still works without the script', async () => {
    const rep = await signInAs('rep.north1@example.com');
    expect(await (await rep.get('/rep')).text()).toMatch(/<form[^>]*action="\/logout"/);
    const out = await rep.post('/logout');
    expect(out.headers.get('location')).toBe('/login');
    expect((await rep.get('/rep')).status).toBe(303);
  });
});
