import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { regionJobRerun, type RegionJobMessage } from '../queues/region-schedule';
import { localDay } from '../worker/platform/time/zones';
import { consumeWork } from './helpers/queue';
import { regionJob } from './helpers/region-jobs';
import { seedTinyCompany } from './helpers/seed';
import { signInAs, submissionKeyIn, type Browser } from './helpers/http';

const DAY = 86_400_000;
const yesterday = localDay(Date.now() - DAY, 'Asia/Shanghai');
let admin: Browser;

/** The runs listed on /admin/jobs, each as its cells' text joined by " | ". */
function listedRuns(html: string): Record<string, string> {
  return Object.fromEntries(
    [...html.matchAll(/<tr data-run="([^"]+)"[^>]*>([^]*?)<\/tr>/g)].map((m) => [
      m[1]!,
      m[2]!
        .split(/<\/td>/)
        .map((cell) =>
          cell
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .trim(),
        )
        .filter(Boolean)
        .join(' | '),
    ]),
  );
}

/** Sends the "run again" form the page carries; returns the response and what went on the queue. */
async function runAgain(fields: Record<string, string>, key?: string) {
  const page = await (await admin.get('/admin/jobs')).text();
  const sent: RegionJobMessage[] = [];
  const spy = vi.spyOn(env.WORK_QUEUE, 'sendBatch').mockImplementation(async (messages) => {
    sent.push(...[...messages].map((m) => m.body as RegionJobMessage));
    return undefined as never;
  });
  const submissionKey = key ?? submissionKeyIn(page, '/admin/jobs/runs');
  const response = await admin.post('/admin/jobs/runs', { submissionKey, ...fields });
  spy.mockRestore();
  return { response, sent, submissionKey };
}

beforeAll(async () => {
  await seedTinyCompany();
  admin = await signInAs('admin@example.com');
});

describe('/admin/jobs', () => {
  it('is for admins only, and in their navigation', async () => {
    expect((await (await signInAs('manager.east@example.com')).get('/admin/jobs')).status).toBe(
      403,
    );
    expect(await (await admin.get('/admin/users')).text()).toContain('href="/admin/jobs"');
  });

  it('lists a run with its region, period, status and rows; a redelivery is the same run', async () => {
    await consumeWork('fieldwall-work', [regionJob('report.build', 'reg_east', yesterday)]);
    await consumeWork('fieldwall-work', [regionJob('report.build', 'reg_east', yesterday)], 2);
    const reports = await env.DB.prepare(
      "SELECT count(*) AS n FROM reports WHERE region_id = 'reg_east' AND period_day = ?",
    )
      .bind(yesterday)
      .first<{ n: number }>();
    expect(reports!.n).toBe(1);
    const runs = listedRuns(await (await admin.get('/admin/jobs?region=reg_east')).text());
    expect(runs[`report.build:reg_east:${yesterday}`]).toMatch(
      new RegExp(
        `^Daily report: build \\| East \\| ${yesterday} \\| Done · 2 attempts \\| .+ \\| \\d+\\.\\d s \\| 1 \\| 0$`,
      ),
    );
  });

  it('shows a run that failed with its error, and only the chosen job when filtered', async () => {
    // Delivering a report that was never built fails.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await consumeWork('fieldwall-work', [regionJob('report.deliver', 'reg_west', '2001-02-03')]);
    vi.restoreAllMocks();
    const html = await (await admin.get('/admin/jobs?job=report.deliver')).text();
    const runs = listedRuns(html);
    expect(Object.keys(runs)).toEqual(['report.deliver:reg_west:2001-02-03']);
    expect(runs['report.deliver:reg_west:2001-02-03']).toContain('Failed');
    expect(html).toMatch(/<p class="field-error">[^<]+<\/p>/);
  });

  it('runs a job again for a past date as the schedule would have, once per submit', async () => {
    const day = localDay(Date.now() - 3 * DAY, 'Asia/Shanghai');
    const first = await runAgain({ job: 'report.build', regionId: 'reg_east', day });
    expect(first.response.status).toBe(303);
    const expected = regionJobRerun(
      'report.build',
      { id: 'reg_east', timeZone: 'Asia/Shanghai', workStart: null },
      day,
    );
    expect(first.sent).toEqual([{ ...expected, requestedBy: 'usr_admin' }]);
    const location = first.response.headers.get('location')!;
    expect(location).toContain(encodeURIComponent(`report.build:reg_east:${day}`));
    expect(await (await admin.get(location)).text()).toContain(
      `Run report.build:reg_east:${day} is on the queue.`,
    );
    // A double tap sends nothing more and lands on the same page.
    const replay = await runAgain(
      { job: 'report.build', regionId: 'reg_east', day },
      first.submissionKey,
    );
    expect(replay.sent).toEqual([]);
    expect(replay.response.headers.get('location')).toBe(location);
    const audit = await env.DB.prepare(
      "SELECT actor_id, subject_id, detail FROM audit_log WHERE action = 'job.rerun_requested'",
    ).all<{ actor_id: string; subject_id: string; detail: string }>();
    expect(audit.results).toHaveLength(1);
    expect(audit.results[0]).toMatchObject({ actor_id: 'usr_admin', subject_id: 'reg_east' });
    // The run, once consumed, names who asked for it.
    await consumeWork('fieldwall-work', first.sent);
    const runs = listedRuns(await (await admin.get('/admin/jobs?job=report.build')).text());
    expect(runs[`report.build:reg_east:${day}`]).toContain('run again by');
  });

  it('refuses a date whose run has not come yet, or an unknown region, with the reason', async () => {
    const tomorrow = localDay(Date.now() + DAY, 'Asia/Shanghai');
    const future = await runAgain({ job: 'report.build', regionId: 'reg_east', day: tomorrow });
    expect(future.response.status).toBe(422);
    expect(future.sent).toEqual([]);
    expect(await future.response.text()).toContain('This run’s time has not come yet');
    const unknown = await runAgain({
      job: 'report.build',
      regionId: 'reg_nowhere',
      day: yesterday,
    });
    expect(unknown.response.status).toBe(422);
    expect(await unknown.response.text()).toContain('Choose a region.');
    const badDay = await runAgain({ job: 'report.build', regionId: 'reg_east', day: '2026-02-30' });
    expect(badDay.response.status).toBe(422);
    expect(await badDay.response.text()).toContain('Enter a date as YYYY-MM-DD.');
  });

  it('reads in Chinese for a Chinese-speaking admin', async () => {
    const html = await (await admin.get('/admin/jobs', { 'accept-language': 'zh-CN' })).text();
    expect(html).toContain('<h1>定时任务</h1>');
    expect(html).toContain('日报：生成');
  });
});
