/**
 * The header's unread count on a page whose session came from the isolate's cache (which never
 * holds the count: it changes all the time). The count is read by the same statement that checks
 * the cached session is still live (auth/session-check.ts), which rides along in the page's own D1
 * batch, so the page still costs one round trip; a page that makes no batch runs it when it renders.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../platform/app-env';

export function settleUnreadCount(c: Context<AppEnv>, unread: number): void {
  const user = c.var.user;
  if (!user) return;
  c.set('user', { ...user, unreadNotifications: unread });
  c.set('unreadCountPending', false);
}

/** Before a page renders: the count, read now unless the session lookup or the page's batch did. */
export async function ensureUnreadCount(c: Context<AppEnv>): Promise<void> {
  if (c.var.user && c.var.unreadCountPending) await c.var.rideAlong.flush();
}
