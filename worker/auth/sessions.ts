import { and, eq, gt, lt } from 'drizzle-orm';
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { Database } from '../platform/db/client';
import { regions, sessions, users } from '../platform/db/schema';
import type { AppEnv, SignedInUser } from '../platform/app-env';
import { cookieIsSecure } from '../platform/http/request';
import { signedInUserColumns, toSignedInUser } from './signed-in-user';
import { randomToken, sha256Hex } from './crypto';
import { cachedSession, cacheSession, forgetSession } from './session-cache';

export const SESSION_COOKIE = 'fw_session';

export type StartedSession = {
  token: string;
  sessionId: string;
  csrfToken: string;
  expiresAt: number;
};

/** A new session row and its cookie token; the caller inserts the row in its own batch. */
export async function prepareSession(input: {
  userId: string;
  ip: string | null;
  userAgent: string | null;
  now: number;
  ttlMs: number;
}): Promise<{ row: typeof sessions.$inferInsert; started: StartedSession }> {
  const token = randomToken();
  const row = {
    id: await sha256Hex(token),
    userId: input.userId,
    csrfToken: randomToken(24),
    createdAt: input.now,
    expiresAt: input.now + input.ttlMs,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 200) ?? null,
  };
  return {
    row,
    started: { token, sessionId: row.id, csrfToken: row.csrfToken, expiresAt: row.expiresAt },
  };
}

export function sessionTtlMs(env: Env): number {
  return Number(env.SESSION_TTL_HOURS) * 3_600_000;
}

/** Gives the browser a started session's cookie (sign-in, first-run setup, invitation and reset links). */
export function setSessionCookie(c: Context<AppEnv>, session: StartedSession): void {
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    secure: cookieIsSecure(c),
    sameSite: 'Lax',
    path: '/',
    expires: new Date(session.expiresAt),
  });
}

export type ResumedSession = {
  sessionId: string;
  csrfToken: string;
  user: SignedInUser;
  /** True when served from the cache: not checked against D1 yet, nor the unread count read. */
  fromCache: boolean;
};

/**
 * The live session and its active user, or null when expired, revoked or unknown: from this
 * isolate's cache when `fromCache` allows (no round trip here; the caller then checks the session
 * along with the page's own batch, session-check.ts), else one D1 round trip that also reads the
 * header's unread count.
 */
export async function resumeSession(
  db: Database,
  token: string,
  now: number,
  options: { fromCache: boolean },
): Promise<ResumedSession | null> {
  const sessionId = await sha256Hex(token);
  const cached = options.fromCache ? cachedSession(sessionId, now) : null;
  if (cached)
    return {
      sessionId,
      csrfToken: cached.csrfToken,
      user: { ...cached.user, unreadNotifications: 0 },
      fromCache: true,
    };
  const [row] = await db
    .select({
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      ...signedInUserColumns,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(regions, eq(regions.id, users.regionId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now), eq(users.active, true)))
    .limit(1);
  if (!row) {
    // Revoked or expired: this isolate must not serve it from the cache either.
    forgetSession(sessionId);
    return null;
  }
  const { csrfToken, expiresAt, ...columns } = row;
  const user = toSignedInUser(columns);
  const { unreadNotifications: _changesTooOften, ...cachedUser } = user;
  cacheSession(sessionId, { csrfToken, expiresAt, user: cachedUser }, now);
  return { sessionId, csrfToken, user, fromCache: false };
}

export async function endSession(db: Database, sessionId: string): Promise<void> {
  forgetSession(sessionId);
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function purgeExpiredSessions(db: Database, now: number): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
