import { Hono, type Context } from 'hono';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { regions } from '../platform/db/schema';
import { keysetCursor } from '../platform/db/keyset';
import { recordChange } from '../platform/audit/record-change';
import { isHtmx, readForm, textFields, type FormBody } from '../platform/http/request';
import { SUBMISSION_KEY_FIELD, submitOnce } from '../platform/http/submit-once';
import { sendWork } from '../../queues/messages';
import { REGION_JOB_NAMES, regionJobRerun, regionRunId } from '../../queues/region-schedule';
import { JobRunRows, JobsPage, type RerunErrors } from '../../views/admin/jobs';
import { jobRunsPage, type JobRunFilter } from './job-runs';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => value || undefined);

const jobRunQuery = z.object({
  region: optionalText(64),
  job: z
    .enum(REGION_JOB_NAMES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  before: keysetCursor.optional(),
  queued: optionalText(200),
});

const rerunForm = z.object({
  job: z.enum(REGION_JOB_NAMES, { error: 'jobs.error.job' }),
  regionId: z.string().trim().min(1, 'jobs.error.region').max(64),
  day: z.iso.date({ error: 'jobs.error.day' }),
  hour: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? Number(value) : undefined))
    .pipe(z.number({ error: 'jobs.error.hour' }).int().min(0).max(23).optional()),
});

async function renderJobs(
  c: Context<AppEnv>,
  filter: JobRunFilter,
  extra: { queued?: string; errors?: RerunErrors; typed?: Record<string, string> } = {},
) {
  const page = await jobRunsPage(c.var.db, filter);
  return c.render(<JobsPage page={page} filter={filter} {...extra} />);
}

/** The form checked against the schedule and the clock; errors are catalog keys per field. */
async function checkedRerun(c: Context<AppEnv>, body: FormBody) {
  const form = rerunForm.safeParse(body);
  if (!form.success) {
    const errors: RerunErrors = {};
    for (const issue of form.error.issues)
      errors[String(issue.path[0])] ??= issue.message as RerunErrors[string];
    return { errors };
  }
  const [region] = await c.var.db
    .select({ id: regions.id, timeZone: regions.timeZone, workStart: regions.workStart })
    .from(regions)
    .where(eq(regions.id, form.data.regionId))
    .limit(1);
  if (!region) return { errors: { regionId: 'jobs.error.region' } as RerunErrors };
  const run = regionJobRerun(form.data.job, region, form.data.day, form.data.hour);
  // A run stands for its scheduled instant: one that has not come yet has nothing to do.
  if (run.at > Date.now()) return { errors: { day: 'jobs.error.future' } as RerunErrors };
  return { run };
}

/**
 * /admin/jobs: every run of the scheduled region jobs (started, finished, rows, errors), newest
 * first, and "run again" for a chosen region and date: the same message the schedule sends, so
 * the run lands on the same row and the job's own keys keep it from producing anything twice.
 */
export const jobsAdmin = new Hono<AppEnv>()
  .get('/', async (c) => {
    const parsed = jobRunQuery.safeParse(c.req.query());
    if (!parsed.success) c.status(400);
    const query: Partial<z.infer<typeof jobRunQuery>> = parsed.success ? parsed.data : {};
    const filter: JobRunFilter = { regionId: query.region, job: query.job, before: query.before };
    if (isHtmx(c) && filter.before && c.req.header('hx-history-restore-request') !== 'true')
      return c.render(<JobRunRows page={await jobRunsPage(c.var.db, filter)} filter={filter} />);
    return renderJobs(c, filter, { queued: query.queued });
  })
  .post('/runs', async (c) => {
    const body = await readForm(c);
    return submitOnce(c, 'admin.jobs.rerun', body[SUBMISSION_KEY_FIELD], async () => {
      const checked = await checkedRerun(c, body);
      if (!checked.run) {
        c.status(422);
        return renderJobs(c, {}, { errors: checked.errors, typed: textFields(body) });
      }
      const actor = currentUser(c);
      const runId = regionRunId(checked.run);
      await sendWork(c.env.WORK_QUEUE, [{ ...checked.run, requestedBy: actor.id }]);
      const query = new URLSearchParams({ region: checked.run.regionId, queued: runId });
      return {
        location: `/admin/jobs?${query}`,
        statements: [
          recordChange(c.var.db, {
            actorId: actor.id,
            action: 'job.rerun_requested',
            subjectType: 'region',
            subjectId: checked.run.regionId,
            customerId: null,
            after: { job: checked.run.kind, period: checked.run.period },
            now: Date.now(),
          }),
        ],
      };
    });
  });
