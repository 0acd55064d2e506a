import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkMessage } from '../queues/messages';
import { deliverNotification } from '../queues/deliver-notification';
import { openDatabase } from '../worker/platform/db/client';
import { inboxAndRoutes } from '../worker/notifications/routing';
import { localDay } from '../worker/platform/time/zones';
import { consumeWork } from './helpers/queue';
import { regionJob } from './helpers/region-jobs';
import { seedTinyCompany } from './helpers/seed';
import { signInAs, type Browser } from './helpers/http';

const day = localDay(Date.now() - 86_400_000, 'Asia/Shanghai');
let reportId = '';

const consume = (body: WorkMessage) => consumeWork('fieldwall-work', [body]);

beforeAll(async () => {
  await seedTinyCompany();
  // Last night's East report, built and delivered the way the cron does it.
  await consume(regionJob('report.build', 'reg_east', day));
  await consume(regionJob('report.deliver', 'reg_east', day));
  const { results } = await env.DB.prepare(
    "SELECT id FROM notifications WHERE kind = 'report.ready' AND channel = 'inbox'",
  ).all<{ id: string }>();
  for (const { id } of results) await deliverNotification(env, id);
  reportId = (await env.DB.prepare(
    "SELECT id FROM reports WHERE region_id = 'reg_east' AND period_day = ?",
  )
    .bind(day)
    .first<{ id: string }>())!.id;
});

type Item = { id: string; title: string; href: string | null; read: boolean };
function inboxItems(html: string): Item[] {
  return [
    ...html.matchAll(/<li id="notification-([^"]+)" class="(read|unread)">([\s\S]*?)<\/li>/g),
  ].map(([, id, state, inner]) => {
    const link = /<a class="row-title" href="([^"]+)">([^<]*)<\/a>/.exec(inner!);
    const span = /<span class="row-title">([^<]*)<\/span>/.exec(inner!);
    return {
      id: id!,
      title: (link?.[2] ?? span?.[1] ?? '').trim(),
      href: link?.[1] ?? null,
      read: state === 'read',
    };
  });
}

/** The header's unread count as its label says it; the badge shows it only when it is above 0. */
function unreadCount(html: string): number {
  const link =
    /<a href="\/inbox" id="unread-count" aria-label="Notifications, (\d+) unread"[^>]*>([\s\S]*?)<\/a>/.exec(
      html,
    );
  if (!link) throw new Error('no unread count in the page header');
  const count = Number(link[1]);
  const badge = /<span class="badge">(\d+)<\/span>/.exec(link[2]!);
  expect(badge ? Number(badge[1]) : 0).toBe(count);
  if (count === 0) expect(badge).toBeNull();
  return count;
}

async function notify(recipientId: string, title: string) {
  const db = openDatabase(env.DB);
  await db.batch([
    ...inboxAndRoutes(db, {
      recipientId,
      kind: 'test.note',
      title,
      body: '',
      subjectType: null,
      subjectId: null,
      dedupeKey: `test:${crypto.randomUUID()}`,
      now: Date.now(),
    }),
  ]);
}

describe('/inbox: every role’s notifications', () => {
  for (const email of ['manager.east@example.com', 'director@example.com']) {
    it(`${email} finds last night’s report in /inbox and opens it from there`, async () => {
      const browser = await signInAs(email);
      const page = await browser.get('/inbox');
      expect(page.status).toBe(200);
      const items = inboxItems(await page.text());
      const report = items.find((item) => item.title === `Daily report for East, ${day}`);
      expect(report, JSON.stringify(items)).toBeDefined();
      expect(report!.href).toBe(`/reports/${reportId}`);
      const opened = await browser.get(report!.href!);
      expect(opened.headers.get('location')).toBe(`/reports/reg_east/${day}`);
      const shown = await browser.get(opened.headers.get('location')!);
      expect(/<h1>([^<]*)<\/h1>/.exec(await shown.text())?.[1]).toBe(
        `East — daily report for ${day}`,
      );
    });
  }

  it('the header’s unread count goes down when a notification is marked read in /inbox', async () => {
    const browser = await signInAs('manager.east@example.com');
    await notify('usr_manager_east', 'Quarterly targets are out');
    const before = await (await browser.get('/inbox')).text();
    const target = inboxItems(before).find((item) => item.title === 'Quarterly targets are out')!;
    expect(target.read).toBe(false);
    const count = unreadCount(before);
    expect(count).toBeGreaterThanOrEqual(2);

    const marked = await browser.post(`/inbox/${target.id}/read`);
    expect(marked.status).toBe(303);
    expect(marked.headers.get('location')).toBe('/inbox');
    const after = await (await browser.get('/inbox')).text();
    expect(unreadCount(after)).toBe(count - 1);
    expect(inboxItems(after).find((item) => item.id === target.id)!.read).toBe(true);
    // The count is in every page's header, not only the inbox's.
    expect(unreadCount(await (await browser.get('/manager/escalations')).text())).toBe(count - 1);

    // Someone else's notification cannot be marked read.
    const other = await signInAs('manager.west@example.com');
    const mine = inboxItems(after).find((item) => !item.read)!;
    expect((await other.post(`/inbox/${mine.id}/read`)).status).toBe(404);
    expect(unreadCount(await (await browser.get('/inbox')).text())).toBe(count - 1);
  });

  for (const [email, userId] of [
    ['business.east@example.com', 'usr_business_east'],
    ['legal.east@example.com', 'usr_legal_east'],
    ['admin@example.com', 'usr_admin'],
    ['rep.east1@example.com', 'usr_rep_east1'],
  ] as const) {
    it(`${email} has an inbox with an unread count in the header`, async () => {
      const browser = await signInAs(email);
      const before = unreadCount(await (await browser.get('/inbox')).text());
      await notify(userId, `A note for ${userId}`);
      const page = await browser.get('/inbox');
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(inboxItems(html).map((item) => item.title)).toContain(`A note for ${userId}`);
      expect(unreadCount(html)).toBe(before + 1);
    });
  }

  it('reps keep their urgent messages at /rep/inbox', async () => {
    const rep = await signInAs('rep.east2@example.com');
    await notify('usr_rep_east2', 'Call the Hangzhou office');
    const page = await rep.get('/rep/inbox');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Call the Hangzhou office');
    // Beside new leads, the messages have their own heading ...
    expect(html).toContain('<h2>New leads</h2>');
    expect(html).toContain('<h2>Messages</h2>');
    // ... alone, the page title "Urgent messages" heads them and no second "Messages" repeats it.
    await env.DB.prepare(
      "UPDATE leads SET first_touch_at = 1 WHERE assignee_id = 'usr_rep_east2'",
    ).run();
    await env.DB.prepare(
      "UPDATE escalations SET status = 'resolved' WHERE owner_id = 'usr_rep_east2'",
    ).run();
    const alone = await (await rep.get('/rep/inbox')).text();
    expect(alone).toContain('Call the Hangzhou office');
    expect(alone).toContain('<h1>Urgent messages</h1>');
    expect(alone).not.toContain('<h2>');
  });

  it('the header shows no badge when nothing is unread, and still says the count', async () => {
    const browser = await signInAs('business.east@example.com');
    await env.DB.prepare(
      "UPDATE notifications SET read_at = 1 WHERE recipient_id = 'usr_business_east' AND read_at IS NULL",
    ).run();
    const html = await (await browser.get('/customers')).text();
    expect(unreadCount(html)).toBe(0);
    expect(html).toContain('aria-label="Notifications, 0 unread"');
    expect(/id="unread-count"[^>]*>[\s\S]*?<\/a>/.exec(html)![0]).not.toContain('class="badge"');
    await notify('usr_business_east', 'One new note');
    expect(unreadCount(await (await browser.get('/customers')).text())).toBe(1);
  });
});

describe('/reports: the archive of nightly reports', () => {
  it('lists a manager’s own region and every region for the director', async () => {
    for (const email of ['manager.east@example.com', 'director@example.com']) {
      const page = await (await signInAs(email)).get('/reports');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(
        `<a class="row-title" href="/reports/reg_east/${day}">Daily report for East, ${day}</a>`,
      );
    }
    const west = await (await signInAs('manager.west@example.com')).get('/reports');
    expect(west.status).toBe(200);
    expect(await west.text()).not.toContain('/reports/reg_east/');
  });

  it('does not exist for reps, business, legal and admin', async () => {
    for (const email of [
      'rep.east1@example.com',
      'business.east@example.com',
      'legal.east@example.com',
      'admin@example.com',
    ]) {
      const browser: Browser = await signInAs(email);
      expect((await browser.get('/reports', { accept: 'text/html' })).status, email).toBe(404);
      expect(
        (await browser.get(`/reports/${reportId}`, { accept: 'text/html' })).status,
        email,
      ).toBe(404);
    }
  });
});

describe('notifications in the reader’s language', () => {
  it('a report notification written in English reads in Chinese once the manager switches', async () => {
    const browser = await signInAs('manager.east@example.com');
    await browser.post('/settings/locale', { locale: 'zh-CN', next: '/inbox' });
    const items = inboxItems(await (await browser.get('/inbox')).text());
    expect(items.map((item) => item.title)).toContain(`华东 ${day} 日报`);
    expect(items.map((item) => item.title)).not.toContain(`Daily report for East, ${day}`);
    await browser.post('/settings/locale', { locale: 'en', next: '/inbox' });
  });

  it('a row stored before message keys existed still shows its stored title', async () => {
    await env.DB.prepare(
      "INSERT INTO notifications (id, recipient_id, channel, kind, title, body, status, due_at, created_at) VALUES ('ntf_legacy', 'usr_legal_east', 'inbox', 'old', '旧通知：合同续签', '', 'sent', 0, 1)",
    ).run();
    const items = inboxItems(
      await (await (await signInAs('legal.east@example.com')).get('/inbox')).text(),
    );
    expect(items.find((item) => item.id === 'ntf_legacy')!.title).toBe('旧通知：合同续签');
  });
});
