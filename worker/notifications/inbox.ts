/**
 * Every role's inbox at `/inbox`: the in-app notifications addressed to the signed-in user,
 * unread first. Each one links to what it is about, where the reader's role can open it.
 */
import { and, desc, eq, isNull, sql, type AnyColumn } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { notifications, type Role } from '../platform/db/schema';
import { can } from '../platform/access/policy';

/** Notifications shown in a user's inbox and not read yet (the header's count, the rep's urgent tile). */
export const unreadInboxOf = (recipientId: string | AnyColumn) =>
  and(eq(notifications.recipientId, recipientId), eq(notifications.channel, 'inbox'), eq(notifications.status, 'sent'), isNull(notifications.readAt));

export async function inboxNotifications(db: Database, userId: string) {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      titleKey: notifications.titleKey,
      bodyKey: notifications.bodyKey,
      messageParams: notifications.messageParams,
      subjectType: notifications.subjectType,
      subjectId: notifications.subjectId,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(and(eq(notifications.recipientId, userId), eq(notifications.channel, 'inbox'), eq(notifications.status, 'sent')))
    .orderBy(sql`${notifications.readAt} is null desc`, desc(notifications.createdAt))
    .limit(100);
}

/** False when there is no such notification for this user (someone else's stays untouched). */
export async function markNotificationRead(db: Database, userId: string, notificationId: string, now: number): Promise<boolean> {
  const read = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${now})` })
    .where(and(eq(notifications.id, notificationId), eq(notifications.recipientId, userId), eq(notifications.channel, 'inbox')))
    .returning({ id: notifications.id });
  return read.length > 0;
}

/**
 * Where a notification's subject opens for this reader. Escalations go to the escalation list
 * of those who handle them; a lead to the rep's first-touch list; reports and tasks to their page.
 */
export function subjectHref(reader: { role: Role; id: string; regionId: string | null; cityId: string | null }, notification: { kind: string; subjectType: string | null; subjectId: string | null }): string | null {
  if (!notification.subjectId) return null;
  const id = encodeURIComponent(notification.subjectId);
  const handlesEscalations = can(reader, 'watchRegionWall');
  switch (notification.subjectType) {
    case 'report':
      return `/reports/${id}`;
    case 'task':
      return `/tasks/${id}`;
    case 'deal':
      return `/deals/${id}`;
    case 'stale_deals':
      return '/deals/stale';
    case 'lead':
      return can(reader, 'workAsRep') ? `/rep/inbox#lead-${id}` : null;
    case 'escalation':
      return handlesEscalations ? `/manager/escalations/${id}` : null;
    case 'escalations':
      return handlesEscalations ? `/manager/escalations?kind=${id}` : null;
    default:
      return notification.kind.startsWith('escalation.') && handlesEscalations ? '/manager/escalations' : null;
  }
}
