import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env';
import { cookieIsSecure } from '../http/request';

/**
 * Read replicas through D1's Sessions API. A request's queries run in one D1 session; a session
 * started from a bookmark reads from any replica at least as fresh as that bookmark, so a user
 * always reads their own writes. The bookmark travels in a cookie for browsers and in the
 * `x-d1-bookmark` header for the API; every response carries the session's latest bookmark.
 * Without a bookmark, and for every write request (not GET/HEAD), the session starts at the
 * primary: writes, and the checks made just before them, never see a lagging copy.
 */
export const BOOKMARK_COOKIE = 'fw_d1';
export const BOOKMARK_HEADER = 'x-d1-bookmark';

// D1 bookmarks are dash-separated hex; anything else from the client is ignored, never passed on.
const BOOKMARK_SHAPE = /^[0-9a-f]{1,64}(?:-[0-9a-f]{1,64}){0,7}$/i;

export function validBookmark(value: string | undefined | null): string | null {
  return value && BOOKMARK_SHAPE.test(value) ? value : null;
}

/** A request that only reads (GET/HEAD): it may use a replica and the isolate's session cache. */
export const readsOnly = (method: string) => method === 'GET' || method === 'HEAD';

/** The request's D1 session: from the caller's bookmark for reads, at the primary otherwise. */
export function openReadSession(c: Context<AppEnv>): {
  session: D1DatabaseSession;
  bookmark: string | null;
} {
  const bookmark =
    validBookmark(c.req.header(BOOKMARK_HEADER)) ?? validBookmark(getCookie(c, BOOKMARK_COOKIE));
  const session = c.env.DB.withSession(
    bookmark && readsOnly(c.req.method) ? bookmark : 'first-primary',
  );
  return { session, bookmark };
}

/**
 * Hands the session's latest bookmark back: the header always, the cookie to signed-in browsers when
 * it moved (a signed-out browser has nothing of its own to read back, and gets no cookie).
 */
export function carryBookmark(
  c: Context<AppEnv>,
  session: D1DatabaseSession,
  previous: string | null,
): void {
  const latest = session.getBookmark();
  if (!latest) return;
  c.header(BOOKMARK_HEADER, latest);
  if (latest === previous || c.var.authentication?.method !== 'session') return;
  // Replicas catch up within seconds; an hour-old bookmark only ever asks for what every copy has.
  setCookie(c, BOOKMARK_COOKIE, latest, {
    httpOnly: true,
    secure: cookieIsSecure(c),
    sameSite: 'Lax',
    path: '/',
    maxAge: 3600,
  });
}
