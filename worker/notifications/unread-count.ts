/**
 * The header's unread count on a page whose session came from the isolate's cache (which never
 * holds the count: it changes all the time). The count rides along in the page's own D1 batch, so
 * the page still costs one round trip; a page that makes no batch reads it when it renders.
 */
import { count } from 'drizzle-orm';
import type { Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import type { Database } from '../platform/db/client';
import { notifications } from '../platform/db/schema';
import { unreadInboxOf } from './inbox';

const unreadCountQuery = (db: Database, userId: string) =>
  db.select({ n: count() }).from(notifications).where(unreadInboxOf(userId));

function settleUnreadCount(c: Context<AppEnv>, unread: number): void {
  const user = c.var.user;
  if (!user) return;
  c.set('user', { ...user, unreadNotifications: unread });
  c.set('unreadCountPending', false);
}

/** Called with a session from the cache: the count goes with the page's first batch. */
export function readUnreadCountAlong(c: Context<AppEnv>, userId: string): void {
  c.var.rideAlong.attach(unreadCountQuery(c.var.db, userId).toSQL(), (result) =>
    // The statement's one column, whatever name D1 gives `count(*)`.
    settleUnreadCount(c, Number(Object.values(result.results[0] ?? {})[0] ?? 0)),
  );
}

/** Before a page renders: the count, read now unless the session lookup or the page's batch did. */
export async function ensureUnreadCount(c: Context<AppEnv>): Promise<void> {
  const user = c.var.user;
  if (!user || !c.var.unreadCountPending) return;
  c.var.rideAlong.detach();
  const [row] = await unreadCountQuery(c.var.db, user.id);
  settleUnreadCount(c, row?.n ?? 0);
}
