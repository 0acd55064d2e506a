import {
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import worker from '../worker/index';
import { retryDelaySeconds, type WorkMessage } from '../queues/messages';
import type { RegionJobMessage } from '../queues/region-schedule';
import { dispatchDueNotifications } from '../queues/cron';
import { localDay } from '../worker/platform/time/zones';
import { consumeWork } from './helpers/queue';
import { regionJob } from './helpers/region-jobs';
import { seedTinyCompany } from './helpers/seed';
import { signInAs } from './helpers/http';

beforeAll(async () => {
  await seedTinyCompany();
});

const consume = consumeWork;

async function insertNotification(id: string, channel: 'inbox' | 'slack', status = 'pending') {
  await env.DB.prepare(
    "INSERT INTO notifications (id, recipient_id, channel, kind, title, body, status, due_at, created_at) VALUES (?, 'usr_rep_east1', ?, 'test', 'T', 'B', ?, ?, ?)",
  )
    .bind(id, channel, status, Date.now() - 1000, Date.now())
    .run();
}

const notification = (id: string) =>
  env.DB.prepare('SELECT status, attempts, last_error FROM notifications WHERE id = ?')
    .bind(id)
    .first<{ status: string; attempts: number; last_error: string | null }>();
const attemptCount = async (id: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM notification_attempts WHERE notification_id = ?')
    .bind(id)
    .first<{ n: number }>())!.n;

describe('work queue', () => {
  it('delivers an inbox notification once, however often the message is redelivered', async () => {
    await insertNotification('ntf_once', 'inbox');
    const first = await consume('fieldwall-work', [
      { kind: 'notification.deliver', notificationId: 'ntf_once' },
    ]);
    expect(first.explicitAcks).toHaveLength(1);
    await consume(
      'fieldwall-work',
      [{ kind: 'notification.deliver', notificationId: 'ntf_once' }],
      2,
    );
    await consume(
      'fieldwall-work',
      [{ kind: 'notification.deliver', notificationId: 'ntf_once' }],
      3,
    );
    expect(await notification('ntf_once')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await attemptCount('ntf_once')).toBe(1);
  });

  it('fails an outbound notification whose route is gone, without retrying', async () => {
    await insertNotification('ntf_slack', 'slack');
    const result = await consume('fieldwall-work', [
      { kind: 'notification.deliver', notificationId: 'ntf_slack' },
    ]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(0);
    expect(await notification('ntf_slack')).toMatchObject({
      status: 'failed',
      last_error: expect.stringContaining('route'),
    });
  });

  it('retries with growing delays when the work fails', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    // Delivering a report that was never built fails until the build has run.
    const result = await consume(
      'fieldwall-work',
      [regionJob('report.deliver', 'reg_east', '1999-01-01')],
      3,
    );
    expect(result.retryMessages).toHaveLength(1);
    expect(result.retryOptions).toEqual([{ delaySeconds: 40 }]);
    expect(retryDelaySeconds(1)).toBe(10);
    expect(retryDelaySeconds(20)).toBe(900);
  });

  it('marks a notification failed when it reaches the dead-letter queue', async () => {
    await insertNotification('ntf_dead', 'inbox', 'sending');
    const result = await consume(
      'fieldwall-work-dlq',
      [{ kind: 'notification.deliver', notificationId: 'ntf_dead' }],
      6,
    );
    expect(result.explicitAcks).toHaveLength(1);
    expect(await notification('ntf_dead')).toMatchObject({
      status: 'failed',
      last_error: 'Gave up after 6 attempts.',
    });
  });

  it('marks a webhook delivery failed when it reaches the dead-letter queue', async () => {
    await env.DB.prepare(
      "INSERT INTO webhook_deliveries (id, provider, delivery_id, received_at, status, payload) VALUES ('whd_dead', 'form:demo', 'dead-1', ?, 'queued', '{}')",
    )
      .bind(Date.now())
      .run();
    const result = await consume(
      'fieldwall-work-dlq',
      [{ kind: 'webhook.process', deliveryRowId: 'whd_dead' }],
      6,
    );
    expect(result.explicitAcks).toHaveLength(1);
    expect(
      await env.DB.prepare(
        "SELECT status, error FROM webhook_deliveries WHERE id = 'whd_dead'",
      ).first(),
    ).toEqual({ status: 'failed', error: 'Gave up after 6 attempts.' });
  });

  it('records a nightly report step the queue gave up on as a failed run of its region', async () => {
    const result = await consume(
      'fieldwall-work-dlq',
      [regionJob('report.deliver', 'reg_east', '1999-01-02')],
      6,
    );
    expect(result.explicitAcks).toHaveLength(1);
    expect(
      await env.DB.prepare(
        "SELECT job, region_id, period, status, last_error FROM job_runs WHERE id = 'report.deliver:reg_east:1999-01-02'",
      ).first(),
    ).toEqual({
      job: 'report.deliver',
      region_id: 'reg_east',
      period: '1999-01-02',
      status: 'failed',
      last_error: 'Gave up after 6 attempts.',
    });
  });

  it('only logs visit timers the queue gave up on (the visit itself is saved)', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const visit = {
      visitId: 'vis_dead',
      regionId: 'reg_east',
      repId: 'usr_rep_east1',
      deal: null,
      commitment: { text: 'POC', dueAt: Date.now() },
    };
    const result = await consume('fieldwall-work-dlq', [{ kind: 'wall.visit-timers', visit }], 6);
    expect(result.explicitAcks).toHaveLength(1);
    expect(errors).toHaveBeenCalledWith(
      'visit timers could not be started',
      'vis_dead',
      'Gave up after 6 attempts.',
    );
    errors.mockRestore();
  });
});

describe('nightly report', () => {
  it('is built from the day’s rollups (computed first when the rollup job has not run), once', async () => {
    const day = localDay(Date.now() - 86_400_000, 'Asia/Shanghai');
    // Three of the region's visits copied into that day, one of them missing its evidence.
    const columns = (
      await env.DB.prepare("SELECT name FROM pragma_table_info('visits')").all<{ name: string }>()
    ).results.map((column) => column.name);
    const copied = columns.map((name) =>
      name === 'id'
        ? "id || '_report'"
        : name === 'visited_at'
          ? '? + row_number() OVER (ORDER BY id) * 60000'
          : name === 'aci_evidence'
            ? 'row_number() OVER (ORDER BY id) > 1'
            : name === 'aci_next_follow_up' || name === 'aci_stage'
              ? '1'
              : name,
    );
    await env.DB.prepare(
      `INSERT INTO visits (${columns.join(', ')})
       SELECT ${copied.join(', ')} FROM visits WHERE region_id = 'reg_east' ORDER BY id LIMIT 3`,
    )
      .bind(Date.parse(`${day}T09:00:00+08:00`))
      .run();
    // The seed rolled the day up before these visits: as if the nightly rollup had not run yet.
    await env.DB.prepare("DELETE FROM rollup_days WHERE region_id = 'reg_east' AND day = ?")
      .bind(day)
      .run();
    await consume('fieldwall-work', [regionJob('report.build', 'reg_east', day)]);
    await consume('fieldwall-work', [regionJob('report.build', 'reg_east', day)], 2);
    const { results } = await env.DB.prepare(
      "SELECT status, summary FROM reports WHERE region_id = 'reg_east'",
    ).all<{ status: string; summary: string }>();
    expect(results).toHaveLength(1);
    expect(results[0]!.status).toBe('ready');
    const summary = JSON.parse(results[0]!.summary) as Record<string, number>;
    const expectedVisits = await env.DB.prepare(
      `SELECT count(*) AS n FROM visits WHERE region_id = 'reg_east' AND visited_at >= ? AND visited_at < ?`,
    )
      .bind(Date.parse(`${day}T00:00:00+08:00`), Date.parse(`${day}T00:00:00+08:00`) + 86_400_000)
      .first<{ n: number }>();
    expect(expectedVisits!.n).toBeGreaterThanOrEqual(3);
    expect(summary.visits).toBe(expectedVisits!.n);
  });

  it('is delivered to the region’s managers and the director, once, with a link', async () => {
    const day = localDay(Date.now() - 86_400_000, 'Asia/Shanghai');
    await consume('fieldwall-work', [regionJob('report.deliver', 'reg_east', day)]);
    await consume('fieldwall-work', [regionJob('report.deliver', 'reg_east', day)], 2);
    const { results } = await env.DB.prepare(
      "SELECT recipient_id, title, body FROM notifications WHERE kind = 'report.ready' AND channel = 'inbox' ORDER BY recipient_id",
    ).all<{ recipient_id: string; title: string; body: string }>();
    expect(results.map((r) => r.recipient_id)).toEqual(['usr_director', 'usr_manager_east']);
    expect(results[0]!.title).toBe(`Daily report for East, ${day}`);
    expect(results[0]!.body).toContain(`Open: /reports/reg_east/${day}`);
    const report = await env.DB.prepare(
      "SELECT id, status FROM reports WHERE region_id = 'reg_east'",
    ).first<{ id: string; status: string }>();
    expect(report!.status).toBe('delivered');
    // The manager opens it from the notification; another region's manager cannot.
    const east = await signInAs('manager.east@example.com');
    const opened = await east.get(`/reports/${report!.id}`);
    expect(opened.status).toBe(302);
    expect(opened.headers.get('location')).toBe(`/reports/reg_east/${day}`);
    const page = await east.get(`/reports/reg_east/${day}`);
    expect(/<h1>([^<]*)<\/h1>/.exec(await page.text())?.[1]).toBe(`East — daily report for ${day}`);
    expect(
      (await (await signInAs('manager.west@example.com')).get(`/reports/${report!.id}`)).status,
    ).toBe(404);
    // The archive lists it for the manager.
    expect(await (await east.get('/reports')).text()).toContain(`href="/reports/reg_east/${day}"`);
  });
});

describe('cron', () => {
  it('the five-minute tick hands due notifications to the queue and not again while in flight', async () => {
    await insertNotification('ntf_due', 'inbox');
    const now = Date.now();
    expect(await dispatchDueNotifications(env, now)).toBeGreaterThanOrEqual(1);
    expect(await notification('ntf_due')).toMatchObject({ status: 'sending' });
    expect(await dispatchDueNotifications(env, now + 60_000)).toBe(0);
    // A message lost on the way is picked up again after 15 minutes.
    expect(await dispatchDueNotifications(env, now + 16 * 60_000)).toBeGreaterThanOrEqual(1);
  });

  it('the five-minute tick removes expired sessions', async () => {
    await env.DB.prepare(
      "INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at) VALUES ('old', 'usr_rep_east1', 't', 0, 1)",
    ).run();
    const controller = createScheduledController({
      scheduledTime: new Date(),
      cron: '*/5 * * * *',
    });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await env.DB.prepare("SELECT id FROM sessions WHERE id = 'old'").first()).toBeNull();
  });

  it('an expression the schedule does not know runs nothing', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const send = vi.spyOn(env.WORK_QUEUE, 'sendBatch');
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({
        scheduledTime: new Date(Date.UTC(2026, 10, 23, 16)),
        cron: '0 3 * * *',
      }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(send).not.toHaveBeenCalled();
    expect(errors).toHaveBeenCalledWith('unknown cron expression', '0 3 * * *');
    send.mockRestore();
    errors.mockRestore();
  });

  it('queues delivery at 08:00 local: 00:00 UTC for the UTC+8 regions, 02:00 UTC for Urumqi', async () => {
    const reportStepsAt = async (utcHour: number) => {
      const sent: RegionJobMessage[] = [];
      const spy = vi.spyOn(env.WORK_QUEUE, 'sendBatch').mockImplementation(async (messages) => {
        sent.push(...[...messages].map((m) => m.body as RegionJobMessage));
        return undefined as never;
      });
      const ctx = createExecutionContext();
      await worker.scheduled(
        createScheduledController({
          scheduledTime: new Date(Date.UTC(2026, 10, 24, utcHour)),
          cron: '0 * * * *',
        }),
        env,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      spy.mockRestore();
      return sent
        .filter((body) => body.kind.startsWith('report.'))
        .map(({ kind, regionId, day }) => ({ kind, regionId, day }));
    };
    const atMidnightUtc = await reportStepsAt(0);
    expect(atMidnightUtc).toEqual(
      expect.arrayContaining([
        { kind: 'report.deliver', regionId: 'reg_east', day: '2026-11-23' },
        { kind: 'report.deliver', regionId: 'reg_south', day: '2026-11-23' },
        { kind: 'report.deliver', regionId: 'reg_north', day: '2026-11-23' },
      ]),
    );
    expect(atMidnightUtc).toHaveLength(3);
    // Urumqi (UTC+6) delivers at its 08:00 (02:00 UTC).
    expect(await reportStepsAt(2)).toEqual([
      { kind: 'report.deliver', regionId: 'reg_west', day: '2026-11-23' },
    ]);
  });

  it('the hourly tick queues each region job at its local hour, once per region and period', async () => {
    const sent: RegionJobMessage[] = [];
    const spy = vi.spyOn(env.WORK_QUEUE, 'sendBatch').mockImplementation(async (messages) => {
      sent.push(...[...messages].map((m) => m.body as RegionJobMessage));
      return undefined as never;
    });
    // 02:00 in Shanghai and Hong Kong (the reports of the day just ended are built) is 00:00 in Urumqi.
    const at = Date.UTC(2026, 10, 23, 18);
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ scheduledTime: new Date(at), cron: '0 * * * *' }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    spy.mockRestore();
    const builds = sent.filter((message) => message.kind === 'report.build');
    expect(builds).toEqual(
      ['reg_east', 'reg_south', 'reg_north'].map((regionId) => ({
        kind: 'report.build',
        regionId,
        day: '2026-11-23',
        at,
        period: '2026-11-23',
      })),
    );
  });
});
