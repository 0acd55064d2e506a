import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, postForm, sessionCookieFrom, signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';
import type { SeedData } from '../scripts/seed/generate';

let admin: Browser;
let data: SeedData;
beforeAll(async () => {
  data = await seedTinyCompany();
  admin = await signInAs('admin@example.com');
});

const heading = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
const inviteLink = (html: string) =>
  /http:\/\/fieldwall\.test(\/invite\/[A-Za-z0-9_-]+)/.exec(html)?.[1];
const userByEmail = (email: string) =>
  env.DB.prepare('SELECT * FROM users WHERE email = ?')
    .bind(email)
    .first<Record<string, unknown>>();

function repFields(email: string) {
  const region = data.regions[0]!;
  const city = data.cities.find((c) => c.regionId === region.id)!;
  return {
    name: 'Zhou Min',
    email,
    phone: '+86 138 0000 1111',
    role: 'rep',
    regionId: region.id,
    cityId: city.id,
    managerId: '',
    locale: 'zh-CN',
    slack: '',
    feishu: 'ou_zhoumin',
    dingtalk: '',
    wecom: '',
  };
}

/** Creates a user through the form; returns the user page's HTML right after the redirect. */
async function createUser(email: string) {
  const created = await admin.submit('/admin/users/new', repFields(email));
  if (created.status !== 303) throw new Error(`create answered ${created.status}`);
  const location = created.headers.get('location')!;
  return { location, html: await (await admin.get(location)).text() };
}

describe('admin: users and invitations', () => {
  it('creates a user, shows the invitation link once, and the link sets the password and signs in', async () => {
    const { location, html } = await createUser('zhou.min@example.com');
    const user = (await userByEmail('zhou.min@example.com'))!;
    expect(location).toMatch(new RegExp(`^/admin/users/${user.id}\\?link=`));
    expect(heading(html)).toBe('Zhou Min');
    expect(JSON.parse(String(user.chat_ids))).toEqual({ feishu: 'ou_zhoumin' });
    // The edit form shows the stored chat id in its own field.
    expect(html).toMatch(
      /<input[^>]*name="feishu"[^>]*value="ou_zhoumin"|value="ou_zhoumin"[^>]*name="feishu"/,
    );
    const link = inviteLink(html)!;
    expect(link).toBeDefined();
    // Shown once: reloading the same address no longer shows it.
    expect(inviteLink(await (await admin.get(location)).text())).toBeUndefined();
    // Sent in-app too, with the link, and only the token's hash is stored.
    const notice = await env.DB.prepare(
      "SELECT body FROM notifications WHERE recipient_id = ? AND kind = 'account.invite' AND channel = 'inbox'",
    )
      .bind(user.id)
      .first<{ body: string }>();
    expect(notice!.body).toContain(link);
    const stored = await env.DB.prepare('SELECT id FROM account_tokens WHERE user_id = ?')
      .bind(user.id)
      .first<{ id: string }>();
    expect(link).not.toContain(stored!.id);

    const page = await call(link);
    expect(heading(await page.text())).toBe('Welcome to Fieldwall');
    const tooShort = await postForm(link, { password: 'short', passwordConfirm: 'short' });
    expect(tooShort.status).toBe(400);
    expect(await tooShort.text()).toContain('The password is too short.');

    const set = await postForm(link, {
      password: 'zhou-min-password',
      passwordConfirm: 'zhou-min-password',
    });
    expect(set.status).toBe(303);
    expect(set.headers.get('location')).toBe('/rep');
    const home = await call('/rep', { headers: { cookie: sessionCookieFrom(set) } });
    expect(home.status).toBe(200);

    // The link works once.
    const again = await postForm(link, {
      password: 'another-password',
      passwordConfirm: 'another-password',
    });
    expect(again.status).toBe(410);
    expect(heading(await again.text())).toBe('This link no longer works');
    expect((await call(link)).status).toBe(410);

    // The password chosen is the one that signs in.
    const signedIn = await signInAs('zhou.min@example.com', 'zhou-min-password', '203.0.113.90');
    expect(signedIn.cookie).toMatch(/^fw_session=/);
  });

  it('refuses an expired invitation', async () => {
    const { html } = await createUser('late.starter@example.com');
    const link = inviteLink(html)!;
    const user = (await userByEmail('late.starter@example.com'))!;
    await env.DB.prepare('UPDATE account_tokens SET expires_at = ? WHERE user_id = ?')
      .bind(Date.now() - 1, user.id)
      .run();
    const used = await postForm(link, {
      password: 'late-password',
      passwordConfirm: 'late-password',
    });
    expect(used.status).toBe(410);
    expect(heading(await used.text())).toBe('This link no longer works');
  });

  it('says what is wrong: a rep without a city, an email already taken', async () => {
    const noCity = await admin.submit('/admin/users/new', {
      ...repFields('no.city@example.com'),
      cityId: '',
    });
    expect(noCity.status).toBe(422);
    expect(await noCity.text()).toContain('A rep works from a city: choose one.');
    const taken = await admin.submit('/admin/users/new', repFields('rep.east1@example.com'));
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('Another user already has this email.');
    expect(await userByEmail('no.city@example.com')).toBeNull();
  });

  it('lists users filtered by role, each with a link to deactivate', async () => {
    const html = await (await admin.get('/admin/users?role=manager')).text();
    expect(html).toContain('manager.east@example.com');
    // Each row names the person and their region (names come from three tables in one batch).
    const row = (await env.DB.prepare(
      "SELECT u.name AS person, r.name AS region FROM users u JOIN regions r ON r.id = u.region_id WHERE u.email = 'manager.east@example.com'",
    ).first<{ person: string; region: string }>())!;
    expect(html).toContain(`>${row.person}</a>`);
    expect(html).toContain(`<td>Manager</td><td>${row.region}</td>`);
    expect(html).not.toContain('rep.east1@example.com');
    const manager = (await userByEmail('manager.east@example.com'))!;
    expect(html).toContain(`href="/users/${manager.id}/deactivate"`);
  });

  it('edits a user and audits the change', async () => {
    const user = (await userByEmail('zhou.min@example.com'))!;
    const saved = await admin.post(`/admin/users/${user.id}`, {
      ...repFields('zhou.min@example.com'),
      phone: '+86 139 0000 2222',
    });
    expect(saved.status).toBe(303);
    expect((await userByEmail('zhou.min@example.com'))!.phone).toBe('+86 139 0000 2222');
    const entry = await env.DB.prepare(
      "SELECT detail FROM audit_log WHERE action = 'user.updated' AND subject_id = ?",
    )
      .bind(user.id)
      .first<{ detail: string }>();
    expect(JSON.parse(entry!.detail).after).toEqual({ phone: '+86 139 0000 2222' });
  });

  it('is refused to anyone but an administrator', async () => {
    const manager = await signInAs('manager.east@example.com');
    expect((await manager.get('/admin/users')).status).toBe(403);
  });
});

describe("managers and their region's reps", () => {
  const repOf = (email: string) =>
    env.DB.prepare('SELECT id, city_id, region_id, active FROM users WHERE email = ?')
      .bind(email)
      .first<{ id: string; city_id: string; region_id: string; active: number }>();

  it("lists only the manager's own region's reps", async () => {
    const manager = await signInAs('manager.east@example.com', undefined, '203.0.113.120');
    const html = await (await manager.get('/manager/team')).text();
    expect(heading(html)).toBe('My team');
    expect(html).toContain('rep.east1@example.com');
    expect(html).not.toContain('rep.north1@example.com');
  });

  it("moves a rep to another city of the region, links to deactivation with hand-over; other regions' reps are not found", async () => {
    const manager = await signInAs('manager.east@example.com', undefined, '203.0.113.121');
    const repBrowser = await signInAs('rep.east2@example.com', undefined, '203.0.113.122');
    const rep = (await repOf('rep.east2@example.com'))!;
    const otherCity = data.cities.find(
      (c) => c.regionId === rep.region_id && c.id !== rep.city_id,
    )!;
    const northCity = data.cities.find((c) => c.regionId !== rep.region_id)!;

    const outside = await manager.post(`/manager/team/${rep.id}`, {
      cityId: northCity.id,
      active: 'on',
    });
    expect(outside.status).toBe(422);
    expect(await outside.text()).toContain('This city is not in the chosen region.');

    const moved = await manager.post(`/manager/team/${rep.id}`, { cityId: otherCity.id });
    expect(moved.status).toBe(303);
    const after = (await repOf('rep.east2@example.com'))!;
    expect(after.city_id).toBe(otherCity.id);
    // Moving is not leaving: the rep stays active and signed in.
    expect(after.active).toBe(1);
    expect((await repBrowser.get('/rep')).status).toBe(200);
    // Leaving goes through the hand-over page, never a checkbox that would orphan open work.
    const team = await (await manager.get('/manager/team')).text();
    expect(team).toContain(`href="/users/${rep.id}/deactivate"`);
    expect(team).not.toContain('name="active"');

    const north = (await repOf('rep.north1@example.com'))!;
    const foreign = await manager.post(`/manager/team/${north.id}`, {
      cityId: northCity.id,
      active: 'on',
    });
    expect(foreign.status).toBe(404);
    expect((await repOf('rep.north1@example.com'))!.active).toBe(1);
  });

  it('is not for reps', async () => {
    const rep = await signInAs('rep.east1@example.com', undefined, '203.0.113.123');
    expect((await rep.get('/manager/team')).status).toBe(403);
  });
});
