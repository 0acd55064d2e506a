import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

let admin: Browser;
beforeAll(async () => {
  await seedTinyCompany();
  admin = await signInAs('admin@example.com');
});

const heading = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
const region = (code: string) =>
  env.DB.prepare('SELECT * FROM regions WHERE code = ?')
    .bind(code)
    .first<Record<string, unknown>>();

const southWest = {
  code: 'sw',
  name: 'South-West',
  nameZh: '西南',
  timeZone: 'Asia/Chongqing',
  workStart: '09:00',
  workEnd: '18:00',
  defaultLocale: 'zh-CN',
};

describe('admin: regions', () => {
  it('creates a region once (a replayed submit creates nothing) and lists it, with an audit entry', async () => {
    const page = await (await admin.get('/admin/regions')).text();
    const key = /name="submissionKey" value="([^"]+)"/.exec(page)![1]!;
    const fields = { ...southWest, submissionKey: key };
    const first = await admin.post('/admin/regions', fields);
    expect(first.status).toBe(303);
    expect((await admin.post('/admin/regions', fields)).status).toBe(303);
    const count = await env.DB.prepare(
      "SELECT count(*) AS n FROM regions WHERE code = 'SW'",
    ).first<{
      n: number;
    }>();
    expect(count!.n).toBe(1);
    const row = (await region('SW'))!;
    expect(row).toMatchObject({
      name: 'South-West',
      name_zh: '西南',
      time_zone: 'Asia/Chongqing',
      work_start: '09:00',
      work_end: '18:00',
      default_locale: 'zh-CN',
    });
    const list = await (await admin.get('/admin/regions')).text();
    expect(list).toContain(`<a href="/admin/regions/${row.id}">South-West</a>`);
    const audit = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'region.created' AND subject_id = ?",
    )
      .bind(row.id)
      .first<{ n: number }>();
    expect(audit!.n).toBe(1);
  });

  it('refuses an unknown time zone, bad hours and a taken code, saying which field', async () => {
    const badZone = await admin.submit('/admin/regions', {
      ...southWest,
      code: 'TZ1',
      timeZone: 'Mars/Olympus',
    });
    expect(badZone.status).toBe(422);
    expect(await badZone.text()).toContain('Enter an IANA time zone such as Asia/Shanghai.');
    const badHours = await admin.submit('/admin/regions', {
      ...southWest,
      code: 'TZ2',
      workStart: '18:00',
      workEnd: '09:00',
    });
    expect(badHours.status).toBe(422);
    expect(await badHours.text()).toContain('Give both times, the start before the end.');
    const taken = await admin.submit('/admin/regions', southWest);
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('Another region already has this code.');
    expect(await region('TZ1')).toBeNull();
    expect(await region('TZ2')).toBeNull();
  });

  it('edits a region and records what changed', async () => {
    const row = (await region('SW'))!;
    const page = await admin.get(`/admin/regions/${row.id}`);
    expect(heading(await page.text())).toBe('South-West');
    const saved = await admin.post(`/admin/regions/${row.id}`, {
      ...southWest,
      timeZone: 'Asia/Shanghai',
    });
    expect(saved.status).toBe(303);
    expect((await region('SW'))!.time_zone).toBe('Asia/Shanghai');
    const entry = await env.DB.prepare(
      "SELECT detail FROM audit_log WHERE action = 'region.updated' AND subject_id = ?",
    )
      .bind(row.id)
      .first<{ detail: string }>();
    expect(JSON.parse(entry!.detail)).toEqual({
      before: { timeZone: 'Asia/Chongqing' },
      after: { timeZone: 'Asia/Shanghai' },
    });
  });

  it('sets how many quiet days make a customer silent, 30 unless changed, and refuses nonsense', async () => {
    const row = (await region('SW'))!;
    const page = await (await admin.get(`/admin/regions/${row.id}`)).text();
    expect(page).toMatch(/name="silentAfterDays" type="number" value="30"/);
    const refused = await admin.post(`/admin/regions/${row.id}`, {
      ...southWest,
      silentAfterDays: '0',
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Enter a number of days from 1 to 365.');
    const saved = await admin.post(`/admin/regions/${row.id}`, {
      ...southWest,
      silentAfterDays: '45',
    });
    expect(saved.status).toBe(303);
    expect((await region('SW'))!.silent_after_days).toBe(45);
  });
});

describe('admin: cities', () => {
  it('creates a city in a region with its centre, and refuses a position off the globe', async () => {
    const sw = (await region('SW'))!;
    const bad = await admin.submit('/admin/cities', {
      regionId: String(sw.id),
      name: 'Chengdu',
      nameZh: '成都',
      lat: '123',
      lng: '104.07',
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Enter a latitude (−90 to 90)');

    const created = await admin.submit('/admin/cities', {
      regionId: String(sw.id),
      name: 'Chengdu',
      nameZh: '成都',
      lat: '30.5728',
      lng: '104.0668',
    });
    expect(created.status).toBe(303);
    const city = await env.DB.prepare("SELECT * FROM cities WHERE name = 'Chengdu'").first<
      Record<string, unknown>
    >();
    expect(city).toMatchObject({ region_id: sw.id, name_zh: '成都', lat: 30.5728, lng: 104.0668 });
    const list = await (await admin.get('/admin/cities')).text();
    expect(list).toContain(`<a href="/admin/cities/${city!.id}">Chengdu</a>`);

    const edited = await admin.post(`/admin/cities/${city!.id}`, {
      regionId: String(sw.id),
      name: 'Chengdu',
      nameZh: '成都市',
      lat: '30.5728',
      lng: '104.0668',
    });
    expect(edited.status).toBe(303);
    const zh = await env.DB.prepare('SELECT name_zh FROM cities WHERE id = ?')
      .bind(city!.id)
      .first<{ name_zh: string }>();
    expect(zh!.name_zh).toBe('成都市');
  });

  it('is for administrators only', async () => {
    const manager = await signInAs('manager.east@example.com');
    expect((await manager.get('/admin/cities')).status).toBe(403);
    expect((await manager.get('/admin/regions')).status).toBe(403);
  });
});
