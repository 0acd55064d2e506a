/** Reads for /admin/jobs: the runs of the scheduled region jobs, newest first, and the regions. */
import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { jobRuns, regions, users } from '../platform/db/schema';
import { aliased } from '../platform/db/aliased';
import { afterCursor, pageOf } from '../platform/db/keyset';
import { listRegions } from './organisation';
import {
  REGION_JOB_NAMES,
  REGION_JOB_TIMING,
  type RegionJobName,
} from '../../queues/region-schedule';

export const JOB_RUNS_PAGE_SIZE = 50;

/** When a job runs, for the page to say so: nightly, when work starts, or every hour. */
function whenRuns(job: RegionJobName): 'nightly' | 'workStart' | 'everyHour' {
  const timing: { hour: number | string } = REGION_JOB_TIMING[job];
  if (timing.hour === 'every') return 'everyHour';
  return timing.hour === 'workStart' ? 'workStart' : 'nightly';
}

export type JobRunFilter = { regionId?: string; job?: string; before?: string };

export async function jobRunsPage(db: Database, filter: JobRunFilter) {
  const conditions: (SQL | undefined)[] = [
    filter.regionId ? eq(jobRuns.regionId, filter.regionId) : undefined,
    filter.job ? eq(jobRuns.job, filter.job) : undefined,
    afterCursor(filter.before, jobRuns.startedAt, jobRuns.id, 'desc'),
  ];
  const [rows, regionRows] = await db.batch([
    db
      .select({
        id: jobRuns.id,
        job: jobRuns.job,
        regionId: jobRuns.regionId,
        regionName: aliased(regions.name, 'region_name'),
        regionNameZh: aliased(regions.nameZh, 'region_name_zh'),
        period: jobRuns.period,
        status: jobRuns.status,
        attempts: jobRuns.attempts,
        startedAt: jobRuns.startedAt,
        finishedAt: jobRuns.finishedAt,
        rowsTouched: jobRuns.rowsTouched,
        errors: jobRuns.errors,
        lastError: jobRuns.lastError,
        requestedByName: aliased(users.name, 'requested_by_name'),
      })
      .from(jobRuns)
      .innerJoin(regions, eq(regions.id, jobRuns.regionId))
      .leftJoin(users, eq(users.id, jobRuns.requestedBy))
      .where(and(...conditions))
      .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
      .limit(JOB_RUNS_PAGE_SIZE + 1),
    listRegions(db),
  ]);
  return {
    ...pageOf(rows, JOB_RUNS_PAGE_SIZE, (row) => row.startedAt),
    regions: regionRows,
    jobs: REGION_JOB_NAMES.map((name) => ({ name, when: whenRuns(name) })),
  };
}

export type JobRunsPageData = Awaited<ReturnType<typeof jobRunsPage>>;
export type JobRunRow = JobRunsPageData['items'][number];
