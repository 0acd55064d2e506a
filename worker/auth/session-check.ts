/**
 * A session served from the isolate's cache (session-cache.ts) is still checked against D1 on the
 * same request, without a round trip of its own: one statement, riding along in the page's own
 * batch, answers "is this session still live and its user active" and reads the header's unread
 * count. A request that makes no batch runs it alone after its handler. A revoked session's
 * response is then replaced by the signed-out answer (authenticate.ts), so revocation — sign-out
 * elsewhere, a deactivated user — takes effect on the very next request in every isolate.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { sessions, users } from '../platform/db/schema';
import { settleUnreadCount } from '../notifications/unread-count';
import { signedInUserColumns } from './signed-in-user';

export type SessionCheck = 'not_needed' | 'pending' | 'live' | 'revoked';

export function checkCachedSessionAlong(
  c: Context<AppEnv>,
  input: { sessionId: string; userId: string; now: number; withUnreadCount: boolean },
): void {
  const db = c.var.db;
  const query = db
    .select({
      // Through drizzle's operators, which name each column with its table inside the subquery.
      live: sql<number>`exists (select 1 from ${sessions} where ${and(
        eq(sessions.id, input.sessionId),
        eq(sessions.userId, users.id),
        gt(sessions.expiresAt, input.now),
      )})`.as('live'),
      unread: input.withUnreadCount
        ? sql<number>`${signedInUserColumns.unreadNotifications}`.as('unread')
        : sql<number>`0`.as('unread'),
    })
    .from(users)
    .where(and(eq(users.id, input.userId), eq(users.active, true)))
    .limit(1);
  c.set('sessionCheck', 'pending');
  if (input.withUnreadCount) c.set('unreadCountPending', true);
  c.var.rideAlong.attach(query.toSQL(), (result) => {
    const row = result.results[0] as { live: number; unread: number } | undefined;
    // No row: the user is gone or deactivated.
    c.set('sessionCheck', row && Number(row.live) === 1 ? 'live' : 'revoked');
    if (input.withUnreadCount) settleUnreadCount(c, Number(row?.unread ?? 0));
  });
}
