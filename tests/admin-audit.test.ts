import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { formatDateTime } from '../worker/platform/http/format';
import { call, ORIGIN, signInAs, type Browser } from './helpers/http';
import { customerOf, seedTinyCompany } from './helpers/seed';

const ZONE = 'Asia/Shanghai'; // the admin's zone (no region: headquarters)
const NOW = Date.now();

let data: SeedData;
let admin: Browser;
let manager: Browser;

const nameOf = (id: string) => data.users.find((user) => user.id === id)!.name;

/** The entries listed on an audit page, each as "when · who | action · record | change". */
function entries(html: string): string[] {
  const list = html.slice(html.indexOf('<ul class="timeline" id="audit-entries">'));
  return [...list.matchAll(/<li class="event" data-entry="[^"]+">([^]*?)<\/li>/g)].map((m) =>
    m[1]!
      .replace(/<p class="muted">([^]*?)<\/p>/, '$1 | ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

const entryIds = (html: string) =>
  [...html.matchAll(/<li class="event" data-entry="([^"]+)">/g)].map((m) => m[1]!);

const moreHref = (html: string) =>
  /<li class="pager" id="audit-more"><a class="button secondary" href="([^"]+)"/
    .exec(html)?.[1]
    ?.replace(/&amp;/g, '&');

beforeAll(async () => {
  data = await seedTinyCompany();
  admin = await signInAs('admin@example.com');
  manager = await signInAs('manager.east@example.com');
  // 120 entries about one record, two of them at each instant, to page through.
  const statements = [];
  for (let i = 0; i < 120; i++)
    statements.push(
      env.DB.prepare(
        "INSERT INTO audit_log (id, actor_id, action, subject_type, subject_id, detail, created_at) VALUES (?, 'usr_director', 'customer.updated', 'customer', 'cus_paged', ?, ?)",
      ).bind(
        `aud_page_${String(i).padStart(3, '0')}`,
        JSON.stringify({ before: { grade: 'B' }, after: { grade: 'A' } }),
        NOW - 10 * 86_400_000 - Math.floor(i / 2) * 60_000,
      ),
    );
  await env.DB.batch(statements);
});

describe('the audit log', () => {
  it('is for admins only, and in their navigation', async () => {
    expect((await manager.get('/admin/audit')).status).toBe(403);
    const rep = await signInAs('rep.east1@example.com');
    expect((await rep.get('/admin/audit')).status).toBe(403);
    expect((await call('/admin/audit')).headers.get('location')).toBe(
      '/login?next=%2Fadmin%2Faudit',
    );
    const html = await (await admin.get('/admin/audit')).text();
    expect(html).toContain('<h1>Audit log</h1>');
    expect(html.slice(html.indexOf('<header'), html.indexOf('</header>'))).toContain(
      'href="/admin/audit"',
    );
  });

  it('shows a change made through the app, newest first, with who, what, when and before → after', async () => {
    const customer = customerOf(data, 'usr_rep_east1');
    const body = new URLSearchParams({ _csrf: manager.csrfToken, toUserId: 'usr_rep_east2' });
    body.append('customerIds[]', customer.id);
    const moved = await call('/customers/reassign', {
      method: 'POST',
      body,
      headers: { cookie: manager.cookie, origin: ORIGIN },
    });
    expect(moved.status).toBe(303);
    const at = (await env.DB.prepare(
      "SELECT created_at AS at FROM audit_log WHERE action = 'customer.reassigned' AND subject_id = ?",
    )
      .bind(customer.id)
      .first<{ at: number }>())!.at;

    const html = await (await admin.get('/admin/audit')).text();
    const first = entries(html).find((entry) => entry.includes('Customer moved to another rep'));
    expect(first).toBe(
      `${formatDateTime(at, 'en', ZONE)} · ${nameOf('usr_manager_east')} | Customer moved to another rep · Customer ${customer.id} owner: ${nameOf('usr_rep_east1')} → ${nameOf('usr_rep_east2')}`,
    );
    // Newest first: the change made just now comes before last week's entries.
    expect(entryIds(html).indexOf('aud_page_000')).toBeGreaterThan(0);
    // An admin does not read the sales book: the customer is named, not linked to a page they cannot open.
    expect(html).not.toContain(`href="/customers/${customer.id}"`);
  });

  it('links a user record to its page', async () => {
    const leaver = await manager.post('/users/usr_rep_east2/deactivate', {
      successorId: 'usr_manager_east',
    });
    expect(leaver.status).toBe(303);
    const html = await (await admin.get('/admin/audit?subjectType=user')).text();
    expect(entries(html)[0]).toContain('User deactivated, work handed over · User usr_rep_east2');
    expect(entries(html)[0]).toContain('active: true → false');
    expect(html).toContain('<a class="subject" href="/admin/users/usr_rep_east2">');
  });

  it('filters by who, by record type and id, and by date in the viewer’s own days', async () => {
    const byDirector = await (await admin.get('/admin/audit?actor=usr_director')).text();
    expect(entries(byDirector).length).toBe(50);
    expect(entries(byDirector).every((e) => e.includes(`· ${nameOf('usr_director')} |`))).toBe(
      true,
    );
    expect(byDirector).toContain('<option value="usr_director" selected="">');

    const customer = customerOf(data, 'usr_rep_east1');
    const one = await (
      await admin.get(`/admin/audit?subjectType=customer&subjectId=${customer.id}`)
    ).text();
    // Moved to a colleague, then on to the manager when that colleague left.
    expect(entries(one).length).toBe(2);
    expect(entries(one).every((e) => e.includes('Customer moved to another rep'))).toBe(true);

    const day = (at: number) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(at));
    const paged = day(NOW - 10 * 86_400_000);
    const onThatDay = await (
      await admin.get(`/admin/audit?subjectId=cus_paged&from=${paged}&to=${paged}`)
    ).text();
    const fromTomorrow = await (
      await admin.get(`/admin/audit?from=${day(NOW + 86_400_000)}`)
    ).text();
    expect(entries(fromTomorrow)).toEqual([]);
    expect(fromTomorrow).toContain('No changes match these filters.');
    const inRange = entryIds(onThatDay).length + (moreHref(onThatDay) ? 1 : 0);
    expect(inRange).toBeGreaterThan(0);
    const untilYesterday = await (
      await admin.get(`/admin/audit?to=${day(NOW - 86_400_000)}`)
    ).text();
    expect(entries(untilYesterday).some((e) => e.includes('Customer moved'))).toBe(false);
  });

  it('refuses an impossible date with a message, not a 500', async () => {
    const response = await admin.get('/admin/audit?from=2026-02-30');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      'A filter could not be read (dates are YYYY-MM-DD); it is left out of the list below.',
    );
    expect((await admin.get('/admin/audit?before=nonsense')).status).toBe(400);
  });

  it('pages 50 at a time with "More", keeping the filter, without JS and with htmx', async () => {
    const first = await (await admin.get('/admin/audit?subjectId=cus_paged')).text();
    const seen = entryIds(first);
    expect(seen.length).toBe(50);
    let next = moreHref(first);
    expect(next).toMatch(/^\/admin\/audit\?subjectId=cus_paged&before=/);
    // With htmx: only the entries and the next "More", to swap in place.
    const fragment = await (await admin.get(next!, { 'hx-request': 'true' })).text();
    expect(fragment).not.toContain('<html');
    expect(fragment.startsWith('<li class="event"')).toBe(true);
    while (next) {
      const page = await (await admin.get(next)).text();
      expect(page).toContain('<h1>Audit log</h1>');
      seen.push(...entryIds(page));
      next = moreHref(page);
    }
    const all = Array.from({ length: 120 }, (_, i) => `aud_page_${String(i).padStart(3, '0')}`);
    // Every entry once, newest first (two share each instant: the larger id first).
    expect(seen).toEqual(
      [...all].sort((a, b) => {
        const at = (id: string) => Math.floor(Number(id.slice(-3)) / 2);
        return at(a) - at(b) || (a < b ? 1 : -1);
      }),
    );
  });

  it('links a record’s history only for admins', async () => {
    const customer = customerOf(data, 'usr_rep_east1');
    const page = await (await manager.get(`/customers/${customer.id}`)).text();
    expect(page).not.toContain('/admin/audit?');
  });
});
