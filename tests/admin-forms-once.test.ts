import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { signInAs, submissionKeyIn, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

let admin: Browser;

beforeAll(async () => {
  await seedTinyCompany();
  admin = await signInAs('admin@example.com');
});

const count = async (sql: string, ...binds: string[]) =>
  (await env.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>())!.n;

/** Submits the create form on `path` twice with the same key, as a reload of the POST would. */
async function submitTwice(path: string, fields: Record<string, string>) {
  const key = submissionKeyIn(await (await admin.get(path)).text(), path);
  const first = await admin.post(path, { submissionKey: key, ...fields });
  const again = await admin.post(path, { submissionKey: key, ...fields });
  return { key, first, again };
}

describe('admin forms that create something: POST-redirect-GET, once per submission key', () => {
  it('"Add form source" redirects, shows the secret once, and a reload of the POST adds nothing', async () => {
    const { key, first, again } = await submitTwice('/admin/sources', {
      name: 'Trade fair form',
      provider: 'standard',
      defaultRegionId: 'reg_east',
    });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/admin/sources?created=${key}`);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(
      await count("SELECT count(*) AS n FROM webhook_sources WHERE name = 'Trade fair form'"),
    ).toBe(1);
    const shown = await (await admin.get(first.headers.get('location')!)).text();
    const secret = /Its secret: (whsec_[A-Za-z0-9+/=]+)/.exec(shown)?.[1];
    expect(secret).toBe(
      (await env.DB.prepare(
        "SELECT secret FROM webhook_sources WHERE name = 'Trade fair form'",
      ).first<{ secret: string }>())!.secret,
    );
    // Reloading the page (or landing there again after a replay) does not show it a second time.
    expect(await (await admin.get(first.headers.get('location')!)).text()).not.toContain(secret!);
    expect(await count('SELECT count(*) AS n FROM one_time_secrets')).toBe(0);
  });

  it('a new API token is shown once after the redirect, and a replayed submit issues no second token', async () => {
    const { first, again } = await submitTwice('/admin/api-tokens', {
      name: 'Once only',
      email: 'rep.east2@example.com',
    });
    expect(first.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await count("SELECT count(*) AS n FROM api_tokens WHERE name = 'Once only'")).toBe(1);
    const page = await (await admin.get(first.headers.get('location')!)).text();
    expect(page).toContain('rep.east2@example.com');
    expect(/class="mono">(fwk_[\w-]+)</.exec(page)?.[1]).toMatch(/^fwk_/);
    expect(
      /class="mono">(fwk_[\w-]+)</.exec(
        await (await admin.get(first.headers.get('location')!)).text(),
      ),
    ).toBeNull();
  });

  it('campaigns, keywords and notification routes: a replay lands on the same page and creates nothing new', async () => {
    const campaign = await submitTwice('/admin/campaigns', {
      name: 'Spring fair',
      t0_title: 'Hand out flyers',
      t0_perCity: '1',
      t0_dueOffsetHours: '48',
      t0_regions: 'reg_west',
    });
    expect([campaign.first.status, campaign.again.status]).toEqual([303, 303]);
    expect(await count("SELECT count(*) AS n FROM campaigns WHERE name = 'Spring fair'")).toBe(1);
    expect(
      await count("SELECT count(*) AS n FROM audit_log WHERE action = 'campaign.created'"),
    ).toBe(1);

    const keyword = await submitTwice('/admin/keywords', { keyword: 'catalogue', language: 'en' });
    expect([keyword.first.status, keyword.again.status]).toEqual([303, 303]);
    expect(keyword.again.headers.get('location')).toBe('/admin/keywords');
    expect(await count("SELECT count(*) AS n FROM keyword_rules WHERE keyword = 'catalogue'")).toBe(
      1,
    );

    const route = await submitTwice('/admin/routes', {
      name: 'West robot',
      channel: 'dingtalk',
      url: 'https://oapi.dingtalk.test/robot/send?access_token=w',
      regionId: 'reg_west',
      ratePerMinute: '20',
    });
    expect([route.first.status, route.again.status]).toEqual([303, 303]);
    expect(
      await count("SELECT count(*) AS n FROM notification_routes WHERE name = 'West robot'"),
    ).toBe(1);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'route.created'")).toBe(
      1,
    );
  });

  it('every create form carries its own key, and a submit without one is refused with a message', async () => {
    for (const path of [
      '/admin/sources',
      '/admin/api-tokens',
      '/admin/campaigns',
      '/admin/keywords',
      '/admin/routes',
    ]) {
      const html = await (await admin.get(path)).text();
      expect(submissionKeyIn(html, path)).toMatch(/^[0-9a-f-]{36}$/);
    }
    const missing = await admin.post('/admin/keywords', { keyword: 'leaflet', language: 'en' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain(
      'The form is missing its submission key. Reload the form and try again.',
    );
    expect(await count("SELECT count(*) AS n FROM keyword_rules WHERE keyword = 'leaflet'")).toBe(
      0,
    );
  });

  it('a form error keeps nothing: the corrected form goes through with the same key', async () => {
    const key = submissionKeyIn(
      await (await admin.get('/admin/keywords')).text(),
      '/admin/keywords',
    );
    expect(
      (await admin.post('/admin/keywords', { submissionKey: key, keyword: '', language: 'en' }))
        .status,
    ).toBe(422);
    expect(
      (
        await admin.post('/admin/keywords', {
          submissionKey: key,
          keyword: 'swatch',
          language: 'en',
        })
      ).status,
    ).toBe(303);
    expect(await count("SELECT count(*) AS n FROM keyword_rules WHERE keyword = 'swatch'")).toBe(1);
  });
});
