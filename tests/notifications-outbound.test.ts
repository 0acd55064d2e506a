import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import worker from '../worker/index';
import type { WorkMessage } from '../queues/messages';
import { deliverNotification } from '../queues/deliver-notification';
import { openDatabase } from '../worker/platform/db/client';
import { inboxAndRoutes } from '../worker/notifications/routing';
import { keyedMessage } from '../worker/notifications/message';
import { translator } from '../worker/platform/i18n';
import { dingtalkSign, feishuBotSign } from '../worker/webhooks/chat-crypto';
import { verifyStandardWebhook } from '../worker/webhooks/signatures';
import { seedTinyCompany } from './helpers/seed';

const WEBHOOK_SECRET = 'whsec_ZmllbGR3YWxsLXRlc3QtcmVjZWl2ZXI=';

beforeAll(async () => {
  await seedTinyCompany();
  const insert = (
    id: string,
    channel: string,
    url: string,
    scope: { userId?: string; regionId?: string },
    secret: string | null = null,
    rate = 20,
  ) =>
    env.DB.prepare(
      'INSERT INTO notification_routes (id, name, user_id, region_id, channel, url, secret, rate_per_minute, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 0)',
    ).bind(id, id, scope.userId ?? null, scope.regionId ?? null, channel, url, secret, rate);
  await env.DB.batch([
    insert('route_east_slack', 'slack', 'https://hooks.slack.test/east', { regionId: 'reg_east' }),
    insert(
      'route_rep_webhook',
      'webhook',
      'https://crm.test/hooks/fieldwall',
      { userId: 'usr_rep_east1' },
      WEBHOOK_SECRET,
    ),
    insert(
      'route_west_feishu',
      'feishu',
      'https://open.feishu.test/bot/west',
      { regionId: 'reg_west' },
      'feishu-bot-secret',
    ),
    insert(
      'route_north_dingtalk',
      'dingtalk',
      'https://oapi.dingtalk.test/robot/send?access_token=t1',
      { regionId: 'reg_north' },
      'SECdingtalk',
    ),
    insert(
      'route_south_wecom',
      'wecom',
      'https://qyapi.weixin.test/cgi-bin/webhook/send?key=k1',
      { userId: 'usr_rep_south1' },
      null,
      1,
    ),
  ]);
});

afterEach(() => {
  vi.restoreAllMocks();
});

let counter = 0;
async function notify(recipientId: string) {
  const key = `test:${++counter}`;
  await openDatabase(env.DB).batch([
    ...inboxAndRoutes(openDatabase(env.DB), {
      recipientId,
      kind: 'lead.assigned',
      subjectType: 'lead',
      subjectId: `lead_${counter}`,
      title: 'New lead: Zhou Min',
      body: 'Could you send a quote?',
      dedupeKey: key,
      now: Date.now(),
    }),
  ]);
  const { results } = await env.DB.prepare(
    "SELECT id, channel, route_id FROM notifications WHERE dedupe_key LIKE ? AND channel != 'inbox' ORDER BY route_id",
  )
    .bind(`${key}:%`)
    .all<{ id: string; channel: string; route_id: string }>();
  return results;
}

type Answer = { status?: number; body?: string; headers?: Record<string, string> };
function stubFetch(answer: (url: string, init: RequestInit) => Answer) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    calls.push({ url, init: init ?? {} });
    const { status = 200, body = 'ok', headers = {} } = answer(url, init ?? {});
    return new Response(body, { status, headers });
  });
  return calls;
}

async function consume(notificationId: string, attempts = 1, queue = 'fieldwall-work') {
  const batch = createMessageBatch<WorkMessage>(queue, [
    {
      id: `n-${crypto.randomUUID()}`,
      timestamp: new Date(),
      attempts,
      body: { kind: 'notification.deliver', notificationId },
    },
  ]);
  const retry = vi.spyOn(batch.messages[0]!, 'retry');
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  const result = await getQueueResult(batch, ctx);
  return {
    acked: result.explicitAcks.length === 1,
    retried: result.retryMessages.length === 1,
    delay: retry.mock.calls[0]?.[0]?.delaySeconds,
  };
}

const state = (id: string) =>
  env.DB.prepare('SELECT status, attempts, last_error FROM notifications WHERE id = ?')
    .bind(id)
    .first<{ status: string; attempts: number; last_error: string | null }>();

describe('routing', () => {
  it('copies a notification to the recipient’s own routes and their region’s', async () => {
    const copies = await notify('usr_rep_east1');
    expect(copies.map((c) => c.route_id)).toEqual(['route_east_slack', 'route_rep_webhook']);
    expect((await notify('usr_rep_east2')).map((c) => c.route_id)).toEqual(['route_east_slack']);
  });
});

describe('delivery', () => {
  it('posts Slack blocks once, however often the message comes back', async () => {
    const calls = stubFetch(() => ({ status: 200 }));
    const [slack] = await notify('usr_rep_east2');
    expect(await consume(slack!.id)).toMatchObject({ acked: true });
    expect(await consume(slack!.id, 2)).toMatchObject({ acked: true });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://hooks.slack.test/east');
    expect(JSON.parse(String(calls[0]!.init.body))).toMatchObject({
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*New lead: Zhou Min*\nCould you send a quote?' },
        },
      ],
    });
    expect(await state(slack!.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('writes a keyed notification in the recipient’s language at sending time, with outsiders’ text made inert', async () => {
    const calls = stubFetch(() => ({ status: 200 }));
    const db = openDatabase(env.DB);
    const key = `keyed:${crypto.randomUUID()}`;
    const message = keyedMessage(
      'en',
      'notification.newLead.title',
      { name: '<!channel> Zhou Min' },
      { text: 'See <https://evil.example|your invoice>' },
    );
    await db.batch([
      ...inboxAndRoutes(db, {
        recipientId: 'usr_manager_east',
        kind: 'lead.assigned',
        subjectType: 'lead',
        subjectId: 'lead_keyed',
        ...message,
        dedupeKey: key,
        now: Date.now(),
      }),
    ]);
    // The manager switched to Chinese after the notification was made.
    await env.DB.prepare("UPDATE users SET locale = 'zh-CN' WHERE id = 'usr_manager_east'").run();
    const copy = await env.DB.prepare('SELECT id FROM notifications WHERE dedupe_key = ?')
      .bind(`${key}:route_east_slack`)
      .first<{ id: string }>();
    await consume(copy!.id);
    const sent = JSON.parse(String(calls[0]!.init.body)) as {
      blocks: { text: { text: string } }[];
    };
    expect(sent.blocks[0]!.text.text).toBe(
      `*${translator('zh-CN')('notification.newLead.title', { name: '&lt;!channel&gt; Zhou Min' })}*\nSee &lt;https://evil.example|your invoice&gt;`,
    );
  });

  it('sends once when two deliveries race', async () => {
    const calls = stubFetch(() => ({ status: 200 }));
    const [slack] = await notify('usr_rep_east2');
    await Promise.all([
      deliverNotification(env, slack!.id).catch(() => 'busy'),
      deliverNotification(env, slack!.id).catch(() => 'busy'),
    ]);
    expect(calls).toHaveLength(1);
  });

  it('signs generic webhooks the Standard Webhooks way', async () => {
    const calls = stubFetch(() => ({ status: 204, body: '' }));
    const copies = await notify('usr_rep_east1');
    const hook = copies.find((c) => c.channel === 'webhook')!;
    await consume(hook.id);
    const call = calls.find((c) => c.url === 'https://crm.test/hooks/fieldwall')!;
    const headers = call.init.headers as Record<string, string>;
    expect(headers['webhook-id']).toBe(hook.id);
    const verified = await verifyStandardWebhook({
      secret: WEBHOOK_SECRET,
      id: headers['webhook-id'],
      timestamp: headers['webhook-timestamp'],
      signature: headers['webhook-signature'],
      body: String(call.init.body),
      now: Date.now(),
    });
    expect(verified).toEqual({ ok: true });
    expect(JSON.parse(String(call.init.body))).toMatchObject({
      type: 'lead.assigned',
      title: 'New lead: Zhou Min',
    });
  });

  it('signs Feishu bot messages, and treats a non-zero code as a failure', async () => {
    let answer: Answer = { body: JSON.stringify({ code: 0, msg: 'success' }) };
    const calls = stubFetch(() => answer);
    const [feishu] = await notify('usr_rep_west1');
    await consume(feishu!.id);
    const sent = JSON.parse(String(calls[0]!.init.body)) as {
      timestamp: string;
      sign: string;
      msg_type: string;
    };
    expect(sent.msg_type).toBe('text');
    expect(sent.sign).toBe(await feishuBotSign('feishu-bot-secret', sent.timestamp));
    expect(await state(feishu!.id)).toMatchObject({ status: 'sent' });
    answer = {
      body: JSON.stringify({
        code: 19021,
        msg: 'sign match fail or timestamp is not within one hour from current time',
      }),
    };
    const [again] = await notify('usr_rep_west1');
    expect(await consume(again!.id)).toMatchObject({ acked: true, retried: false });
    expect(await state(again!.id)).toMatchObject({
      status: 'failed',
      last_error: expect.stringContaining('19021'),
    });
  });

  it('signs the DingTalk URL and waits a minute when the robot says "too fast"', async () => {
    const calls = stubFetch(() => ({
      body: JSON.stringify({ errcode: 130101, errmsg: 'send too fast' }),
    }));
    const [dingtalk] = await notify('usr_rep_north1');
    expect(await consume(dingtalk!.id)).toMatchObject({ retried: true, delay: 60 });
    const url = new URL(calls[0]!.url);
    expect(url.searchParams.get('access_token')).toBe('t1');
    expect(url.searchParams.get('sign')).toBe(
      await dingtalkSign('SECdingtalk', url.searchParams.get('timestamp')!),
    );
  });

  it('retries 5xx with growing delays, honours Retry-After on 429, and never retries other 4xx', async () => {
    let answer: Answer = { status: 503 };
    stubFetch(() => answer);
    const [first] = await notify('usr_rep_east2');
    expect(await consume(first!.id, 1)).toMatchObject({ retried: true, delay: 30 });
    expect(await consume(first!.id, 2)).toMatchObject({ retried: true, delay: 60 });
    expect(await state(first!.id)).toMatchObject({
      status: 'sending',
      attempts: 2,
      last_error: 'HTTP 503',
    });
    answer = { status: 429, headers: { 'retry-after': '120' } };
    expect(await consume(first!.id, 3)).toMatchObject({ retried: true, delay: 120 });
    answer = { status: 400, body: 'invalid_payload' };
    expect(await consume(first!.id, 4)).toMatchObject({ acked: true, retried: false });
    expect(await state(first!.id)).toMatchObject({
      status: 'failed',
      attempts: 4,
      last_error: expect.stringContaining('HTTP 400'),
    });
    const { results } = await env.DB.prepare(
      'SELECT outcome FROM notification_attempts WHERE notification_id = ? ORDER BY attempt',
    )
      .bind(first!.id)
      .all<{ outcome: string }>();
    expect(results.map((r) => r.outcome)).toEqual(['retry', 'retry', 'retry', 'failed']);
  });

  it('marks a notification failed when the queue gives up on it', async () => {
    stubFetch(() => ({ status: 500 }));
    const [slack] = await notify('usr_rep_east2');
    await consume(slack!.id);
    expect(await consume(slack!.id, 6, 'fieldwall-work-dlq')).toMatchObject({ acked: true });
    expect(await state(slack!.id)).toMatchObject({
      status: 'failed',
      last_error: 'Gave up after 6 attempts.',
    });
  });

  it('keeps within a robot’s rate limit by waiting, without spending an attempt', async () => {
    const calls = stubFetch(() => ({ body: JSON.stringify({ errcode: 0, errmsg: 'ok' }) }));
    const [one] = await notify('usr_rep_south1');
    const [two] = await notify('usr_rep_south1');
    await consume(one!.id);
    expect(await consume(two!.id)).toMatchObject({ retried: true, delay: 60 });
    expect(calls).toHaveLength(1);
    expect(await state(two!.id)).toMatchObject({ attempts: 0 });
  });
});
