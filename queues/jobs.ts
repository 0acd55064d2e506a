/**
 * Every kind of work on the queue, in one table: what runs it and what the dead-letter consumer
 * records once the queue has given up on it. Adding a job is one entry here: the message type
 * (`WorkMessage`, messages.ts) is derived from this table. Each `run` tolerates redelivery.
 */
import { openDatabase } from '../worker/platform/db/client';
import { auditLog } from '../worker/platform/db/schema';
import { startVisitTimers } from '../worker/tasks/timers';
import { markImportFailed, runImport } from '../worker/imports/run-chunk';
import { deliverNotification, markNotificationFailed } from './deliver-notification';
import { sendWork, type VisitTimers } from './messages';
import { buildNightlyReport, deliverNightlyReport, type ReportDay } from './nightly-report';
import { markDeliveryFailed, processWebhookDelivery } from './process-webhook';

/** A job's two handlers; `Payload` is its message without `kind`. */
export type Job<Payload> = {
  run(env: Env, message: Payload): Promise<void>;
  /** Marks the failure where a person will see it; `reason` says how many attempts were made. */
  onDeadLetter(env: Env, message: Payload, reason: string): Promise<void>;
};

function job<Payload>(handlers: Job<Payload>): Job<Payload> {
  return handlers;
}

/** A region's nightly report step that never succeeded shows in the audit log of the region. */
function auditReportFailure(kind: 'report.build' | 'report.deliver') {
  return async (env: Env, message: ReportDay, reason: string) => {
    await openDatabase(env.DB)
      .insert(auditLog)
      .values({
        id: crypto.randomUUID(),
        action: `${kind}.failed`,
        subjectType: 'region',
        subjectId: message.regionId,
        detail: { day: message.day, reason },
        createdAt: Date.now(),
      });
  };
}

export const JOBS = {
  'notification.deliver': job<{ notificationId: string }>({
    run: async (env, message) => {
      await deliverNotification(env, message.notificationId);
    },
    onDeadLetter: (env, message, reason) =>
      markNotificationFailed(env, message.notificationId, reason),
  }),
  // docs/rules.md#nightly-report: built after the region's local midnight, delivered at 08:00.
  'report.build': job<ReportDay>({
    run: buildNightlyReport,
    onDeadLetter: auditReportFailure('report.build'),
  }),
  'report.deliver': job<ReportDay>({
    run: async (env, message) => {
      const notificationIds = await deliverNightlyReport(env, message);
      await sendWork(
        env.WORK_QUEUE,
        notificationIds.map((notificationId) => ({ kind: 'notification.deliver', notificationId })),
      );
    },
    onDeadLetter: auditReportFailure('report.deliver'),
  }),
  'webhook.process': job<{ deliveryRowId: string }>({
    run: (env, message) => processWebhookDelivery(env, message.deliveryRowId),
    onDeadLetter: (env, message, reason) => markDeliveryFailed(env, message.deliveryRowId, reason),
  }),
  // A chunk of a CSV import; a stale or repeated message writes nothing (worker/imports/run-chunk.ts).
  'import.chunk': job<{ importId: string; fromRow: number }>({
    run: (env, message) => runImport(env, message.importId, message.fromRow),
    onDeadLetter: (env, message, reason) => markImportFailed(env, message.importId, reason),
  }),
  'wall.visit-timers': job<{ visit: VisitTimers }>({
    run: (env, message) => startVisitTimers(env, message.visit),
    onDeadLetter: async (_env, message, reason) => {
      console.error('visit timers could not be started', message.visit.visitId, reason);
    },
  }),
};

export type JobKind = keyof typeof JOBS;
