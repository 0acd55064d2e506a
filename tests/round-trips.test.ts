import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUND_TRIPS_HEADER } from '../worker/platform/db/round-trips';
import { signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

beforeAll(async () => {
  await seedTinyCompany();
});

const roundTrips = (response: Response) => Number(response.headers.get(ROUND_TRIPS_HEADER));

/** The header's "Notifications, N unread" label, as a person with a screen reader hears it. */
function unreadInHeader(html: string): number {
  const match = /id="unread-count" aria-label="Notifications, (\d+) unread"/.exec(html);
  if (!match) throw new Error('no unread count in the header');
  return Number(match[1]);
}

/** The pages a user's header links to, in order. */
function headerLinks(html: string): string[] {
  const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'));
  return [...header.matchAll(/<a[^>]* href="(\/[^"#?]*)"/g)]
    .map((match) => match[1]!)
    .filter((href) => href !== '/');
}

async function unreadOf(userId: string) {
  return (await env.DB.prepare(
    "SELECT count(*) AS n FROM notifications WHERE recipient_id = ? AND channel = 'inbox' AND status = 'sent' AND read_at IS NULL",
  )
    .bind(userId)
    .first<{ n: number }>())!.n;
}

describe('D1 round trips per page', () => {
  it("shows a notification that arrived after the session was cached, in the page's one round trip", async () => {
    const rep = await signInAs('rep.north1@example.com');
    const before = unreadInHeader(await (await rep.get('/rep')).text());
    expect(before).toBe(await unreadOf('usr_rep_north1'));
    const now = Date.now();
    await env.DB.prepare(
      "INSERT INTO notifications (id, recipient_id, channel, kind, title, body, status, due_at, created_at, sent_at) VALUES ('n_rt', 'usr_rep_north1', 'inbox', 'todo', 'Call back', 'Call Li Wei back', 'sent', 0, ?, ?)",
    )
      .bind(now, now)
      .run();
    const response = await rep.get('/customers');
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(unreadInHeader(html)).toBe(before + 1);
    expect(html).toContain(`<span class="badge">${before + 1}</span>`);
  });

  it('costs at most two round trips on every page in the header of every role', async () => {
    for (const email of [
      'manager.east@example.com',
      'director@example.com',
      'admin@example.com',
      'legal.east@example.com',
      'business.east@example.com',
    ]) {
      const browser: Browser = await signInAs(email);
      const home = await browser.get('/');
      const start = home.headers.get('location') ?? '/';
      const links = headerLinks(await (await browser.get(start)).text());
      expect(links.length, email).toBeGreaterThan(1);
      for (const path of [...links, '/inbox']) {
        const response = await browser.get(path);
        expect(response.status, `${email} ${path}`).toBe(200);
        expect(roundTrips(response), `${email} ${path}`).toBeLessThanOrEqual(2);
        expect(unreadInHeader(await response.text()), `${email} ${path}`).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
