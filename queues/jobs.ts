/**
 * Every kind of work on the queue, in one table: what runs it and what the dead-letter consumer
 * records once the queue has given up on it. Adding a job is one entry here: the message type
 * (`WorkMessage`, messages.ts) is derived from this table. Each `run` tolerates redelivery.
 */
import { runNightlyHealth } from '../worker/customers/nightly-health';
import { runFollowUpSequence } from '../worker/follow-up/sequence';
import { runPointAwards } from '../worker/points/award';
import { runContractExpiryAlerts } from '../worker/renewals/expiry-job';
import { runNightlyRollups } from '../worker/reports/rollups';
import { runDeliveryRevisits } from '../worker/reminders/delivery-revisits';
import { runDueSoonNudges } from '../worker/reminders/due-soon-nudges';
import { runMorningDigest } from '../worker/reminders/morning-digest';
import { runSilentCustomerReminders } from '../worker/reminders/silent-customers';
import { startVisitTimers } from '../worker/tasks/timers';
import { markImportFailed, runImport } from '../worker/imports/run-chunk';
import { deliverNotification, markNotificationFailed } from './deliver-notification';
import { sendWork, type VisitTimers } from './messages';
import { buildNightlyReport, deliverNightlyReport } from './nightly-report';
import { recordRegionRun, type RegionJobRun } from './region-job-runs';
import type { RegionJobMessage, RegionJobName } from './region-schedule';
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

/**
 * What each scheduled region job does (when: region-schedule.ts). Every run is recorded in
 * `job_runs` for /admin/jobs, and each job tolerates being run twice for the same period.
 */
const REGION_JOB_RUNS: Record<RegionJobName, RegionJobRun> = {
  'rollups.nightly': runNightlyRollups,
  'customers.health': runNightlyHealth,
  'contracts.expiry': runContractExpiryAlerts,
  'follow-up.sequence': runFollowUpSequence,
  'report.build': async (env, run) => {
    await buildNightlyReport(env, run);
    return { rowsTouched: 1, errors: 0 };
  },
  'report.deliver': async (env, run) => {
    const notificationIds = await deliverNightlyReport(env, run);
    await sendWork(
      env.WORK_QUEUE,
      notificationIds.map((notificationId) => ({ kind: 'notification.deliver', notificationId })),
    );
    return { rowsTouched: notificationIds.length, errors: 0 };
  },
  'points.award': runPointAwards,
  'reminders.digest': runMorningDigest,
  'reminders.due-soon': runDueSoonNudges,
  'reminders.silent-customers': runSilentCustomerReminders,
  'orders.delivery-revisits': runDeliveryRevisits,
};

type RegionJobPayload = Omit<RegionJobMessage, 'kind'>;

/** The table entries of the region jobs: each run and each final failure lands on its run row. */
function regionJobs(runs: Record<RegionJobName, RegionJobRun>) {
  const entries = Object.entries(runs) as [RegionJobName, RegionJobRun][];
  return Object.fromEntries(
    entries.map(([name, run]) => [
      name,
      job<RegionJobPayload>({
        run: (env, message) => recordRegionRun(env, { ...message, kind: name }, run),
        onDeadLetter: (env, message, reason) =>
          recordRegionRun(env, { ...message, kind: name }, null, reason),
      }),
    ]),
  ) as Record<RegionJobName, Job<RegionJobPayload>>;
}

export const JOBS = {
  'notification.deliver': job<{ notificationId: string }>({
    run: async (env, message) => {
      await deliverNotification(env, message.notificationId);
    },
    onDeadLetter: (env, message, reason) =>
      markNotificationFailed(env, message.notificationId, reason),
  }),
  ...regionJobs(REGION_JOB_RUNS),
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
