import { and, asc, inArray, lte } from 'drizzle-orm';
import { purgeExpiredSessions } from '../worker/auth/sessions';
import { requeueStalledDeliveries } from '../worker/webhooks/intake';
import { resumeStalledImports } from '../worker/imports/imports';
import { openDatabase } from '../worker/platform/db/client';
import { notifications, regions } from '../worker/platform/db/schema';
import { sendWork } from './messages';
import { dueRegionJobs } from './region-schedule';

/** A notification handed to the queue is not picked up again for this long. */
const REDISPATCH_AFTER_MS = 15 * 60_000;
const QUEUE_BATCH_LIMIT = 100;

/** Enqueues notifications that are due, and again any whose message got lost on the way. */
export async function dispatchDueNotifications(env: Env, now: number): Promise<number> {
  const db = openDatabase(env.DB);
  const due = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(inArray(notifications.status, ['pending', 'sending']), lte(notifications.dueAt, now)),
    )
    .orderBy(asc(notifications.dueAt))
    .limit(QUEUE_BATCH_LIMIT);
  if (due.length === 0) return 0;
  const ids = due.map((row) => row.id);
  await db
    .update(notifications)
    .set({ status: 'sending', dueAt: now + REDISPATCH_AFTER_MS })
    .where(
      and(inArray(notifications.id, ids), inArray(notifications.status, ['pending', 'sending'])),
    );
  await sendWork(
    env.WORK_QUEUE,
    ids.map((notificationId) => ({ kind: 'notification.deliver', notificationId })),
  );
  return ids.length;
}

type CronFanOut = (env: Env, scheduledTime: number) => Promise<void>;

/**
 * The schedule: each cron expression and what it fans out. `triggers.crons` in wrangler.jsonc
 * lists exactly these keys (tests/wrangler-config.test.ts). Calendar work only: clocks that
 * belong to one record (a lead, a deal, a task) run in the region wall.
 */
export const CRON_SCHEDULE: Readonly<Record<string, CronFanOut>> = {
  // Due notifications, expired sessions, webhook deliveries whose first enqueue failed, and
  // imports whose next chunk got lost (the worker stopped between two chunks).
  '*/5 * * * *': async (env, scheduledTime) => {
    const db = openDatabase(env.DB);
    await Promise.all([
      dispatchDueNotifications(env, scheduledTime),
      purgeExpiredSessions(db, scheduledTime),
      requeueStalledDeliveries(db, env.WORK_QUEUE, scheduledTime),
      resumeStalledImports(db, env.WORK_QUEUE, scheduledTime),
    ]);
  },
  // The region jobs due at this full hour in each region's own time (docs/rules.md#scheduled-jobs).
  '0 * * * *': async (env, scheduledTime) => {
    const regionRows = await openDatabase(env.DB)
      .select({ id: regions.id, timeZone: regions.timeZone, workStart: regions.workStart })
      .from(regions);
    await sendWork(env.WORK_QUEUE, dueRegionJobs(regionRows, scheduledTime));
  },
};

export async function runScheduled(cron: string, scheduledTime: number, env: Env): Promise<void> {
  const fanOut = Object.hasOwn(CRON_SCHEDULE, cron) ? CRON_SCHEDULE[cron] : undefined;
  if (!fanOut) {
    console.error('unknown cron expression', cron);
    return;
  }
  await fanOut(env, scheduledTime);
}
