/**
 * The `job_runs` row of each scheduled region job: started, finished, rows touched, errors. A
 * redelivered message or an admin's re-run writes the same row again (its id is deterministic),
 * counting the attempt; the job itself makes sure nothing it produces is produced twice.
 */
import { eq, sql } from 'drizzle-orm';
import { openDatabase } from '../worker/platform/db/client';
import { jobRuns } from '../worker/platform/db/schema';
import type { RegionRun, RunOutcome } from './region-run';
import { regionRunId, type RegionJobMessage } from './region-schedule';

export type RegionJobRun = (env: Env, run: RegionRun) => Promise<RunOutcome>;

const ERROR_TEXT_LIMIT = 500;

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, ERROR_TEXT_LIMIT);
}

/**
 * Runs `run` for the message and records it; with `run` null, records the queue's last word on a
 * message it gave up on (`deadLetterReason`). A failed run rethrows so the queue retries it.
 */
export async function recordRegionRun(
  env: Env,
  message: RegionJobMessage & { requestedBy?: string | null },
  run: RegionJobRun | null,
  deadLetterReason?: string,
): Promise<void> {
  const db = openDatabase(env.DB);
  const id = regionRunId(message);
  const now = Date.now();
  const requestedBy = message.requestedBy ?? null;
  const row = {
    id,
    job: message.kind,
    regionId: message.regionId,
    period: message.period,
    startedAt: now,
    requestedBy,
  };
  if (!run) {
    // The run may never have started (the consumer failed before recording it): write it whole.
    const failed = {
      status: 'failed' as const,
      finishedAt: now,
      lastError: deadLetterReason ?? null,
    };
    await db
      .insert(jobRuns)
      .values({ ...row, ...failed })
      .onConflictDoUpdate({ target: jobRuns.id, set: failed });
    return;
  }
  await db
    .insert(jobRuns)
    .values({ ...row, status: 'running' })
    .onConflictDoUpdate({
      target: jobRuns.id,
      set: {
        status: 'running',
        attempts: sql`${jobRuns.attempts} + 1`,
        startedAt: now,
        finishedAt: null,
        // A re-run names who asked; a redelivery keeps the name it had.
        requestedBy: requestedBy ?? sql`${jobRuns.requestedBy}`,
      },
    });
  try {
    const outcome = await run(env, {
      regionId: message.regionId,
      day: message.day,
      at: message.at,
    });
    await db
      .update(jobRuns)
      .set({
        status: 'done',
        finishedAt: Date.now(),
        rowsTouched: outcome.rowsTouched,
        errors: outcome.errors,
        lastError: null,
      })
      .where(eq(jobRuns.id, id));
  } catch (error) {
    await db
      .update(jobRuns)
      .set({ status: 'failed', finishedAt: Date.now(), lastError: errorText(error) })
      .where(eq(jobRuns.id, id));
    throw error;
  }
}
