/**
 * Every role's inbox at `/inbox`: the in-app notifications addressed to the signed-in user,
 * unread first. Each one links to what it is about, where the reader's role can open it.
 */
import { and, desc, eq, isNull, sql, type AnyColumn } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { notifications } from '../platform/db/schema';

/** Notifications shown in a user's inbox. */
const inboxOf = (recipientId: string | AnyColumn) =>
  and(
    eq(notifications.recipientId, recipientId),
    eq(notifications.channel, 'inbox'),
    eq(notifications.status, 'sent'),
  );

/** …and not read yet (the header's count, the rep's urgent tile). */
export const unreadInboxOf = (recipientId: string | AnyColumn) =>
  and(inboxOf(recipientId), isNull(notifications.readAt));

/** What a notification row shows wherever it is listed (`/inbox`, the rep's urgent messages). */
export const inboxNotificationColumns = {
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
};

export async function inboxNotifications(db: Database, userId: string) {
  // A batch of one, so the header's unread count can ride along (platform/db/ride-along.ts).
  const [rows] = await db.batch([
    db
      .select({ ...inboxNotificationColumns, readAt: notifications.readAt })
      .from(notifications)
      .where(inboxOf(userId))
      .orderBy(sql`${notifications.readAt} is null desc`, desc(notifications.createdAt))
      .limit(100),
  ]);
  return rows;
}

/** False when there is no such notification for this user (someone else's stays untouched). */
export async function markNotificationRead(
  db: Database,
  userId: string,
  notificationId: string,
  now: number,
): Promise<boolean> {
  const read = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${now})` })
    .where(
      and(
        eq(notifications.id, notificationId),
        eq(notifications.recipientId, userId),
        eq(notifications.channel, 'inbox'),
      ),
    )
    .returning({ id: notifications.id });
  return read.length > 0;
}
