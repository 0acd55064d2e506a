import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { authenticateApiToken, touchApiToken } from '../../auth/api-tokens';
import { resumeSession, SESSION_COOKIE } from '../../auth/sessions';
import { HttpError } from '../http/errors';
import { readUnreadCountAlong } from '../../notifications/unread-count';

/**
 * Resolves the caller: a bearer token on /api/v1, else the session cookie. Leaves `user` null
 * for anonymous callers; the guards in access/guards.ts decide what they may reach.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  c.set('user', null);
  c.set('authentication', null);
  c.set('unreadCountPending', false);
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
  if (token) {
    const session = await resumeSession(c.var.db, token, now);
    if (session) {
      c.set('user', session.user);
      // Pages show the unread count in their header; the JSON API has no header to fill.
      if (!session.unreadCountRead && !c.req.path.startsWith('/api/')) {
        c.set('unreadCountPending', true);
        readUnreadCountAlong(c, session.user.id);
      }
      c.set('authentication', {
        method: 'session',
        sessionId: session.sessionId,
        csrfToken: session.csrfToken,
      });
    }
  }
  return next();
});
