import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { authenticateApiToken, touchApiToken } from '../../auth/api-tokens';
import { resumeSession, SESSION_COOKIE } from '../../auth/sessions';
import { checkCachedSessionAlong } from '../../auth/session-check';
import { forgetSession } from '../../auth/session-cache';
import { signedOutResponse } from '../access/guards';
import { HttpError } from '../http/errors';
import { readsOnly } from '../db/read-session';

/**
 * Resolves the caller: a bearer token on /api/v1, else the session cookie. Leaves `user` null
 * for anonymous callers; the guards in access/guards.ts decide what they may reach.
 *
 * Revocation is immediate: bearer tokens are looked up on every call, a write (any method but
 * GET/HEAD) always checks its session in D1 before it runs, and a read served from the isolate's
 * session cache checks it along with its own batch — a revoked session's page is replaced by the
 * signed-out answer and its cache entry dropped.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  c.set('user', null);
  c.set('authentication', null);
  c.set('unreadCountPending', false);
  c.set('sessionCheck', 'not_needed');
  const now = Date.now();
  const authorization = c.req.header('authorization');

  if (authorization && c.req.path.startsWith('/api/')) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const found = match?.[1] ? await authenticateApiToken(c.var.db, match[1], now) : null;
    if (!found)
      throw new HttpError(
        401,
        'invalid_token',
        'The bearer token is missing, malformed, unknown or revoked.',
      );
    c.set('user', found.user);
    c.set('authentication', { method: 'token', tokenId: found.tokenId });
    if (found.lastUsedStale) c.executionCtx.waitUntil(touchApiToken(c.var.db, found.tokenId, now));
    return next();
  }

  const token = getCookie(c, SESSION_COOKIE);
  const session = token
    ? await resumeSession(c.var.db, token, now, { fromCache: readsOnly(c.req.method) })
    : null;
  if (!session) return next();
  c.set('user', session.user);
  c.set('authentication', {
    method: 'session',
    sessionId: session.sessionId,
    csrfToken: session.csrfToken,
  });
  if (!session.fromCache) return next();

  checkCachedSessionAlong(c, {
    sessionId: session.sessionId,
    userId: session.user.id,
    now,
    // Pages show the unread count in their header; the JSON API has no header to fill.
    withUnreadCount: !c.req.path.startsWith('/api/'),
  });
  await next();
  await c.var.rideAlong.flush();
  if (c.var.sessionCheck !== 'revoked') return;
  forgetSession(session.sessionId);
  c.set('user', null);
  c.set('authentication', null);
  // Built whole and the page's response dropped first, so none of its headers or cookies carry over.
  const refused = signedOutResponse(c);
  c.res = undefined;
  c.res = refused;
});
