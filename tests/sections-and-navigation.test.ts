import { beforeAll, describe, expect, it } from 'vitest';
import { call, signInAs } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

/** The header's links as a person sees them: label and where it goes. */
function headerLinks(html: string): string[] {
  const nav = html.slice(html.indexOf('<nav'), html.indexOf('</nav>'));
  return [...nav.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)/g)].map((m) => `${m[2]!.trim()} ${m[1]}`);
}

beforeAll(async () => {
  await seedTinyCompany();
});

describe('signed-in sections', () => {
  it('send a browser without a session to sign in, and an API caller gets 401', async () => {
    for (const path of [
      '/customers',
      '/rep/today',
      '/inbox',
      '/leads',
      '/manager/wall',
      '/manager/escalations',
      '/manager',
      '/director',
      '/deals/stale',
      '/tasks/x',
      '/reports',
      '/admin/campaigns',
      '/admin/api-tokens',
      '/admin/audit',
    ]) {
      const page = await call(path);
      expect(page.status, path).toBe(303);
      expect(page.headers.get('location'), path).toBe(`/login?next=${encodeURIComponent(path)}`);
      expect((await call(path, { headers: { accept: 'application/json' } })).status, path).toBe(
        401,
      );
    }
  });

  it('keep /admin to administrators', async () => {
    const manager = await signInAs('manager.east@example.com');
    for (const path of ['/admin/campaigns', '/admin/sources', '/admin/api-tokens'])
      expect((await manager.get(path)).status, path).toBe(403);
  });
});

describe('the header navigation follows the access policy', () => {
  it('a rep sees their day, customers and leads; a manager the wall; an admin the settings', async () => {
    const rep = await signInAs('rep.east1@example.com');
    const repLinks = headerLinks(await (await rep.get('/rep/today')).text());
    // "Urgent" (the rep's urgent messages) and "Notifications" (everyone's /inbox) are told apart.
    expect(repLinks.slice(0, 9)).toEqual([
      'Home /rep',
      'Today /rep/today',
      'Customers /customers',
      'Leads /leads',
      'Contracts /contracts',
      'Stale deals /deals/stale',
      'Urgent /rep/inbox',
      'Leaderboard /leaderboard',
      'Notifications /inbox',
    ]);
    expect((await rep.get('/deals/stale')).status).toBe(200);

    const manager = await signInAs('manager.east@example.com');
    const managerHtml = await (await manager.get('/manager/wall')).text();
    expect(headerLinks(managerHtml).slice(0, 13)).toEqual([
      'Region wall /manager/wall',
      'Escalations /manager/escalations',
      'Analytics /manager',
      'Nurture pool /nurture',
      'Customers /customers',
      'Leads /leads',
      'Contracts /contracts',
      'Renewals /renewals',
      'Reports /reports',
      'My team /manager/team',
      'Leaderboard /leaderboard',
      'Import /imports',
      'Notifications /inbox',
    ]);
    expect((await manager.get('/reports')).status).toBe(200);
    const director = await signInAs('director@example.com');
    expect(headerLinks(await (await director.get('/reports')).text())).toContain(
      'Reports /reports',
    );

    await rep.post('/settings/locale', { locale: 'zh-CN', next: '/rep' });
    expect(headerLinks(await (await rep.get('/rep')).text()).slice(3, 9)).toEqual([
      '线索 /leads',
      '合同 /contracts',
      '停滞商机 /deals/stale',
      '紧急 /rep/inbox',
      '排行榜 /leaderboard',
      '通知 /inbox',
    ]);
    expect(managerHtml).toContain('<a href="/manager/wall" aria-current="page">');

    const admin = await signInAs('admin@example.com');
    const adminLinks = headerLinks(await (await admin.get('/admin/api-tokens')).text());
    expect(adminLinks).toContain('API tokens /admin/api-tokens');
    expect(adminLinks.some((link) => link.endsWith(' /customers'))).toBe(false);
  });
});
