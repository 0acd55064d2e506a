/**
 * Sends one notification through its channel, at most once: a notification already `sent` is
 * skipped, so a redelivered message is harmless. Channels other than the in-app inbox are
 * configured by admins (the outbound integrations) and fail loudly until they are.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { openDatabase } from '../worker/db/client';
import { notificationAttempts, notifications } from '../worker/db/schema';

export class PermanentDeliveryError extends Error {}

export async function deliverNotification(env: Env, notificationId: string): Promise<'sent' | 'already_sent' | 'missing'> {
  const db = openDatabase(env.DB);
  const [notification] = await db.select().from(notifications).where(eq(notifications.id, notificationId)).limit(1);
  if (!notification) return 'missing';
  if (notification.status === 'sent') return 'already_sent';
  const now = Date.now();
  const attempt = notification.attempts + 1;
  if (notification.channel !== 'inbox') {
    const error = `No outbound integration is configured for channel "${notification.channel}".`;
    await db.batch([
      db.update(notifications).set({ status: 'failed', attempts: attempt, lastError: error }).where(eq(notifications.id, notification.id)),
      db.insert(notificationAttempts).values({ id: crypto.randomUUID(), notificationId: notification.id, attempt, outcome: 'failed', error, attemptedAt: now }),
    ]);
    throw new PermanentDeliveryError(error);
  }
  // The inbox is our own table: "sending" is marking it visible to its recipient.
  await db.batch([
    db
      .update(notifications)
      .set({ status: 'sent', sentAt: now, attempts: attempt })
      .where(and(eq(notifications.id, notification.id), inArray(notifications.status, ['pending', 'sending', 'failed']))),
    db.insert(notificationAttempts).values({ id: crypto.randomUUID(), notificationId: notification.id, attempt, outcome: 'sent', attemptedAt: now }),
  ]);
  return 'sent';
}

/** Called by the dead-letter consumer once the queue has given up on a notification. */
export async function markNotificationFailed(env: Env, notificationId: string, reason: string): Promise<void> {
  const db = openDatabase(env.DB);
  await db
    .update(notifications)
    .set({ status: 'failed', lastError: reason })
    .where(and(eq(notifications.id, notificationId), inArray(notifications.status, ['pending', 'sending'])));
}
