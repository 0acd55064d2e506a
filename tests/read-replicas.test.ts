import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, signInAs } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';
import {
  BOOKMARK_COOKIE,
  BOOKMARK_HEADER,
  validBookmark,
} from '../worker/platform/db/read-session';

let token: string;

beforeAll(async () => {
  await seedTinyCompany();
  const admin = await signInAs('admin@example.com');
  const issued = await admin.submit('/admin/api-tokens', {
    name: 'phone app',
    email: 'rep.east1@example.com',
  });
  const page = await (await admin.get(issued.headers.get('location')!)).text();
  token = /class="mono">(fwk_[\w-]+)</.exec(page)![1]!;
});

afterEach(() => {
  vi.restoreAllMocks();
});

function bookmarkCookie(response: Response): string | null {
  return (
    new RegExp(`${BOOKMARK_COOKIE}=([^;]+)`).exec(response.headers.get('set-cookie') ?? '')?.[1] ??
    null
  );
}

const pageHeading = (html: string) =>
  /<h1[^>]*>([\s\S]*?)<\/h1>/
    .exec(html)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .trim();

describe('read replicas (D1 Sessions API)', () => {
  it('the local runtime gives a session and a bookmark once it has run a query', async () => {
    const session = env.DB.withSession('first-primary');
    expect(session.getBookmark()).toBeNull();
    await session.prepare('SELECT 1').first();
    expect(validBookmark(session.getBookmark())).not.toBeNull();
  });

  it('a write answers with the latest bookmark, and the next page reads from it and shows the write', async () => {
    const rep = await signInAs('rep.east1@example.com');
    const sessions = vi.spyOn(env.DB, 'withSession');
    const saved = await rep.post('/settings/locale', { locale: 'zh-CN', next: '/rep' });
    expect(saved.status).toBe(303);
    // The write itself starts at the primary.
    expect(sessions).toHaveBeenLastCalledWith('first-primary');
    const bookmark = bookmarkCookie(saved);
    expect(validBookmark(bookmark)).toBe(bookmark);
    expect(saved.headers.get(BOOKMARK_HEADER)).toBe(bookmark);

    const home = await call('/rep', {
      headers: { cookie: `${rep.cookie}; ${BOOKMARK_COOKIE}=${bookmark}` },
    });
    expect(sessions).toHaveBeenLastCalledWith(bookmark);
    // The page shows what the write changed: the rep's language is now Chinese.
    const html = await home.text();
    expect(html).toContain('lang="zh-CN"');
    expect(home.headers.get(BOOKMARK_HEADER)).toMatch(/\S/);
    await rep.post('/settings/locale', { locale: 'en' });
  });

  it('a browser without a bookmark reads from the primary, and a malformed bookmark is ignored, not a 500', async () => {
    const rep = await signInAs('rep.east1@example.com');
    const sessions = vi.spyOn(env.DB, 'withSession');
    const fresh = await rep.get('/customers');
    expect(fresh.status).toBe(200);
    expect(sessions).toHaveBeenLastCalledWith('first-primary');
    expect(validBookmark(bookmarkCookie(fresh))).not.toBeNull();
    const forged = await call('/customers', {
      headers: { cookie: `${rep.cookie}; ${BOOKMARK_COOKIE}=not a bookmark` },
    });
    expect(forged.status).toBe(200);
    expect(pageHeading(await forged.text())).toBe('Customers');
    expect(sessions).toHaveBeenLastCalledWith('first-primary');
  });

  it('the API reads from the x-d1-bookmark it is sent and echoes the latest one, without setting cookies', async () => {
    const first = await call('/api/v1/today', { headers: { authorization: `Bearer ${token}` } });
    expect(first.status).toBe(200);
    const bookmark = first.headers.get(BOOKMARK_HEADER);
    expect(validBookmark(bookmark)).toBe(bookmark);
    expect(first.headers.get('set-cookie') ?? '').not.toContain(BOOKMARK_COOKIE);
    const sessions = vi.spyOn(env.DB, 'withSession');
    const again = await call('/api/v1/today', {
      headers: { authorization: `Bearer ${token}`, [BOOKMARK_HEADER]: bookmark! },
    });
    expect(again.status).toBe(200);
    expect(sessions).toHaveBeenLastCalledWith(bookmark);
    expect(validBookmark(again.headers.get(BOOKMARK_HEADER))).not.toBeNull();
  });

  it('webhook answers carry no bookmark', async () => {
    const response = await call('/webhooks/forms/demo', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get(BOOKMARK_HEADER)).toBeNull();
  });
});
