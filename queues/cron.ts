import { and, asc, inArray, lte } from 'drizzle-orm';
import { purgeExpiredSessions } from '../worker/auth/sessions';
import { requeueStalledDeliveries } from '../worker/webhooks/intake';
import { openDatabase } from '../worker/platform/db/client';
import { notifications, regions } from '../worker/platform/db/schema';
import type { WorkMessage } from './messages';
import { nightlyReportSteps } from './report-schedule';

export const EVERY_FIVE_MINUTES = '*/5 * * * *';
export const HOURLY = '0 * * * *';

/** A notification handed to the queue is not picked up again for this long. */
const REDISPATCH_AFTER_MS = 15 * 60_000;
const QUEUE_BATCH_LIMIT = 100;

/** Enqueues notifications that are due, and again any whose message got lost on the way. */
export async function dispatchDueNotifications(env: Env, now: number): Promise<number> {
  const db = openDatabase(env.DB);
  const due = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(inArray(notifications.status, ['pending', 'sending']), lte(notifications.dueAt, now)))
    .orderBy(asc(notifications.dueAt))
    .limit(QUEUE_BATCH_LIMIT);
  if (due.length === 0) return 0;
  const ids = due.map((row) => row.id);
  await db
    .update(notifications)
    .set({ status: 'sending', dueAt: now + REDISPATCH_AFTER_MS })
    .where(and(inArray(notifications.id, ids), inArray(notifications.status, ['pending', 'sending'])));
  await env.WORK_QUEUE.sendBatch(ids.map((notificationId) => ({ body: { kind: 'notification.deliver', notificationId } satisfies WorkMessage })));
  return ids.length;
}

export async function runScheduled(cron: string, scheduledTime: number, env: Env): Promise<void> {
  const db = openDatabase(env.DB);
  switch (cron) {
    case EVERY_FIVE_MINUTES:
      await Promise.all([dispatchDueNotifications(env, scheduledTime), purgeExpiredSessions(db, scheduledTime), requeueStalledDeliveries(db, env.WORK_QUEUE, scheduledTime)]);
      return;
    case HOURLY: {
      const steps = nightlyReportSteps(await db.select({ id: regions.id, timeZone: regions.timeZone }).from(regions), scheduledTime);
      if (steps.length > 0) await env.WORK_QUEUE.sendBatch(steps.map((body) => ({ body })));
      return;
    }
    default:
      console.error('unknown cron expression', cron);
  }
}
