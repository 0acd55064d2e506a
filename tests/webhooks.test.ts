import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { regionWall } from '../worker/tasks/wall';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import worker from '../worker/index';
import type { WorkMessage } from '../queues/messages';
import { DEMO_FORM_SOURCE, DEMO_SLACK_SOURCE } from '../scripts/seed/generate';
import { signStandardWebhook } from '../worker/webhooks/signatures';
import { findActiveSource, SOURCE_CACHE_MS } from '../worker/webhooks/source-cache';
import { openDatabase } from '../worker/platform/db/client';
import { ROUND_TRIPS_HEADER } from '../worker/platform/db/round-trips';
import { call, signInAs } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

beforeAll(async () => {
  await seedTinyCompany();
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function postForm(
  body: string,
  options: { id?: string; timestamp?: number; signature?: string; source?: string } = {},
) {
  const id = options.id ?? `msg_${crypto.randomUUID()}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature =
    options.signature ?? (await signStandardWebhook(DEMO_FORM_SOURCE.secret, id, timestamp, body));
  const response = await call(`/webhooks/forms/${options.source ?? DEMO_FORM_SOURCE.id}`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    },
  });
  return { response, id };
}

async function hexHmac(secret: string, message: string) {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message)),
  );
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function postSlack(payload: unknown, options: { timestamp?: number; secret?: string } = {}) {
  const body = JSON.stringify(payload);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = `v0=${await hexHmac(options.secret ?? DEMO_SLACK_SOURCE.secret, `v0:${timestamp}:${body}`)}`;
  return call('/webhooks/slack', {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signature,
    },
  });
}

const deliveryCount = async () =>
  (await env.DB.prepare('SELECT count(*) AS n FROM webhook_deliveries').first<{ n: number }>())!.n;

/** Runs the queue consumer over every delivery waiting, the way the queue would. */
async function processQueued() {
  const { results } = await env.DB.prepare(
    "SELECT id FROM webhook_deliveries WHERE status = 'queued'",
  ).all<{ id: string }>();
  const batch = createMessageBatch<WorkMessage>(
    'fieldwall-work',
    results.map((row, i) => ({
      id: `m${i}-${row.id}`,
      timestamp: new Date(),
      attempts: 1,
      body: { kind: 'webhook.process', deliveryRowId: row.id },
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

describe('form webhooks (Standard Webhooks)', () => {
  it('accept a signed submission, and make a high-priority lead for a buying keyword, assigned in the city’s region', async () => {
    const body = JSON.stringify({
      name: 'Zhou Min',
      phone: '13800001111',
      email: 'zhou.min@prospect.example.com',
      company: 'Harbor Foods',
      city: 'Shanghai',
      message: 'Could you send a quote for 20 sensors?',
    });
    const { response, id } = await postForm(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, duplicate: false });
    expect(
      await env.DB.prepare('SELECT provider, status FROM webhook_deliveries WHERE delivery_id = ?')
        .bind(id)
        .first(),
    ).toEqual({ provider: 'form:demo', status: 'queued' });
    const result = await processQueued();
    expect(result.explicitAcks.length).toBeGreaterThan(0);
    const lead = await env.DB.prepare("SELECT * FROM leads WHERE phone = '13800001111'").first<
      Record<string, unknown>
    >();
    expect(lead).toMatchObject({
      region_id: 'reg_east',
      city_id: 'city_shanghai',
      priority: 'high',
      status: 'new',
      company: 'Harbor Foods',
    });
    expect(['usr_rep_east1', 'usr_rep_east2']).toContain(lead!.assignee_id);
    expect(lead!.first_touch_deadline).toBe((lead!.assigned_at as number) + 24 * 3_600_000);
    const notice = await env.DB.prepare(
      "SELECT title FROM notifications WHERE subject_id = ? AND kind = 'lead.assigned'",
    )
      .bind(lead!.id)
      .first<{ title: string }>();
    expect(notice!.title).toBe('New high-priority lead: Zhou Min · Harbor Foods');
    const timers = await regionWall(env, 'reg_east').pendingTimers();
    expect(timers.map((t) => `${t.kind}:${t.subjectId}`)).toContain(`lead_first_touch:${lead!.id}`);
  });

  it('answer a delivery seen before with 200 and change nothing', async () => {
    const body = JSON.stringify({ name: 'Repeat', phone: '13800002222', message: 'hello' });
    const first = await postForm(body);
    const before = await deliveryCount();
    const again = await postForm(body, { id: first.id });
    expect(again.response.status).toBe(200);
    expect(await again.response.json()).toEqual({ ok: true, duplicate: true });
    expect(await deliveryCount()).toBe(before);
  });

  it('merge the same person’s submissions within 7 days into one lead with several touches', async () => {
    await postForm(
      JSON.stringify({
        name: 'Li Lei',
        phone: '13800003333',
        message: 'Interested in your sensors',
      }),
    );
    await processQueued();
    await postForm(
      JSON.stringify({ name: 'Li Lei', phone: '13800003333', message: '请问多少钱？' }),
    );
    await processQueued();
    const { results } = await env.DB.prepare(
      "SELECT id, priority FROM leads WHERE phone = '13800003333'",
    ).all<{ id: string; priority: string }>();
    expect(results).toHaveLength(1);
    expect(results[0]!.priority).toBe('high');
    const touches = await env.DB.prepare('SELECT count(*) AS n FROM lead_touches WHERE lead_id = ?')
      .bind(results[0]!.id)
      .first<{ n: number }>();
    expect(touches!.n).toBe(2);
  });

  it('process a redelivered queue message once', async () => {
    await postForm(
      JSON.stringify({ name: 'Once Only', phone: '13800004444', message: 'demo please' }),
    );
    const { results } = await env.DB.prepare(
      "SELECT id FROM webhook_deliveries WHERE status = 'queued'",
    ).all<{ id: string }>();
    const message = { kind: 'webhook.process' as const, deliveryRowId: results[0]!.id };
    for (let attempt = 1; attempt <= 2; attempt++) {
      const batch = createMessageBatch<WorkMessage>('fieldwall-work', [
        { id: `again-${attempt}`, timestamp: new Date(), attempts: attempt, body: message },
      ]);
      const ctx = createExecutionContext();
      await worker.queue(batch, env, ctx);
      await getQueueResult(batch, ctx);
      // A redelivery racing the first run: the delivery is reset to queued as if the mark were lost.
      await env.DB.prepare("UPDATE webhook_deliveries SET status = 'queued' WHERE id = ?")
        .bind(message.deliveryRowId)
        .run();
    }
    const leads = await env.DB.prepare(
      "SELECT count(*) AS n FROM leads WHERE phone = '13800004444'",
    ).first<{ n: number }>();
    expect(leads!.n).toBe(1);
    const notices = await env.DB.prepare(
      "SELECT count(*) AS n FROM notifications WHERE kind = 'lead.assigned' AND body = 'demo please'",
    ).first<{ n: number }>();
    expect(notices!.n).toBe(1);
  });

  it('refuse bad signatures and stale timestamps with 401, malformed bodies with 400, and store nothing', async () => {
    const before = await deliveryCount();
    const body = JSON.stringify({ name: 'Mallory' });
    expect((await postForm(body, { signature: 'v1,AAAA' })).response.status).toBe(401);
    const stale = await postForm(body, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.response.status).toBe(401);
    expect(await stale.response.json()).toMatchObject({ error: { code: 'stale_timestamp' } });
    const missing = await call('/webhooks/forms/demo', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(missing.status).toBe(401);
    const malformed = await postForm('not json at all');
    expect(malformed.response.status).toBe(400);
    expect(await malformed.response.json()).toMatchObject({ error: { code: 'malformed_body' } });
    expect((await postForm('[1,2]')).response.status).toBe(400);
    expect(await deliveryCount()).toBe(before);
  });

  it('refuse bodies over 256 KB with 413 and unknown sources with 404', async () => {
    const big = JSON.stringify({ message: 'x'.repeat(300 * 1024) });
    expect((await postForm(big)).response.status).toBe(413);
    expect((await postForm('{}', { source: 'nope' })).response.status).toBe(404);
  });

  it('give a Hangzhou lead to the Hangzhou rep even when the Shanghai rep answers faster', async () => {
    // rep.east1 (Shanghai) is the region's fastest responder: three fresh leads touched within a minute.
    const now = Date.now();
    await env.DB.batch(
      [1, 2, 3].map((n) =>
        env.DB.prepare(
          "INSERT INTO leads (id, region_id, city_id, assignee_id, channel, name, priority, status, assigned_at, first_touch_at, created_at, updated_at) VALUES (?, 'reg_east', 'city_shanghai', 'usr_rep_east1', 'form', 'Fast history', 'normal', 'contacted', ?, ?, ?, ?)",
        ).bind(
          `lead_fast_${n}`,
          now - n * 1000,
          now - n * 1000 + 60_000,
          now - n * 1000,
          now - n * 1000,
        ),
      ),
    );
    const body = JSON.stringify({
      name: 'Lin Yue',
      phone: '13800007777',
      company: 'West Lake Tea',
      city: 'Hangzhou',
      message: 'Can someone visit our plant?',
    });
    expect((await postForm(body)).response.status).toBe(200);
    await processQueued();
    const lead = await env.DB.prepare(
      "SELECT city_id, assignee_id FROM leads WHERE phone = '13800007777'",
    ).first();
    expect(lead).toEqual({ city_id: 'city_hangzhou', assignee_id: 'usr_rep_east2' });
    const rep = await env.DB.prepare(
      "SELECT city_id FROM users WHERE id = 'usr_rep_east2'",
    ).first();
    expect(rep).toEqual({ city_id: 'city_hangzhou' });
  });
});

describe('webhook acknowledgement', () => {
  it('answers before the queue send finishes, and still dedupes the delivery', async () => {
    let releaseQueue!: () => void;
    const queueHeld = new Promise<Awaited<ReturnType<Queue['send']>>>(
      (resolve) => (releaseQueue = () => resolve({} as never)),
    );
    const sent = vi.spyOn(env.WORK_QUEUE, 'send').mockImplementation(() => queueHeld);
    const body = JSON.stringify({ name: 'Quick Answer', phone: '13800008881', message: 'hello' });
    const first = await postForm(body);
    // The queue has not answered yet, and the provider already has its 200.
    expect(first.response.status).toBe(200);
    expect(await first.response.json()).toEqual({ ok: true, duplicate: false });
    expect(sent).toHaveBeenCalledTimes(1);
    const again = await postForm(body, { id: first.id });
    expect(await again.response.json()).toEqual({ ok: true, duplicate: true });
    expect(sent).toHaveBeenCalledTimes(1);
    // The source was read a moment ago: the dedupe insert is the only D1 round trip before the answer.
    expect(again.response.headers.get(ROUND_TRIPS_HEADER)).toBe('1');
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM webhook_deliveries WHERE delivery_id = ?')
        .bind(first.id)
        .first(),
    ).toEqual({ n: 1 });
    releaseQueue();
  });

  it('answers 200 when the queue send fails, and the five-minute cron queues the delivery', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(env.WORK_QUEUE, 'send').mockRejectedValue(new Error('queue unreachable'));
    const { response, id } = await postForm(
      JSON.stringify({ name: 'Queue Down', phone: '13800008882', message: 'hello' }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, duplicate: false });
    const row = (await env.DB.prepare(
      'SELECT id, status FROM webhook_deliveries WHERE delivery_id = ?',
    )
      .bind(id)
      .first<{ id: string; status: string }>())!;
    expect(row.status).toBe('queued');
    const batches = vi.spyOn(env.WORK_QUEUE, 'sendBatch').mockResolvedValue(undefined as never);
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({
        scheduledTime: new Date(Date.now() + 3 * 60_000),
        cron: '*/5 * * * *',
      }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const requeued = batches.mock.calls.flatMap(([messages]) =>
      [...messages].map((message) => message.body as WorkMessage),
    );
    expect(requeued).toContainEqual({ kind: 'webhook.process', deliveryRowId: row.id });
  });

  it('keeps an active source for 30 seconds per isolate: a source switched off stops answering within 30 s', async () => {
    const db = openDatabase(env.DB);
    const now = Date.now();
    const id = 'src_cache_check';
    await env.DB.prepare(
      "INSERT INTO webhook_sources (id, provider, name, secret, active, created_at) VALUES (?, 'standard', 'Cache check', 'whsec_x', 1, 0)",
    )
      .bind(id)
      .run();
    expect((await findActiveSource(db, id, ['standard'], now))?.name).toBe('Cache check');
    await env.DB.prepare('UPDATE webhook_sources SET active = 0 WHERE id = ?').bind(id).run();
    expect((await findActiveSource(db, id, ['standard'], now + SOURCE_CACHE_MS - 1))?.name).toBe(
      'Cache check',
    );
    expect(await findActiveSource(db, id, ['standard'], now + SOURCE_CACHE_MS)).toBeNull();
    // Another provider list is another question, never answered from the cache.
    expect(await findActiveSource(db, id, ['slack'], now)).toBeNull();
  });
});

describe('Slack Events API', () => {
  it('answers url_verification with the challenge', async () => {
    const response = await postSlack({
      type: 'url_verification',
      token: 'x',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
    expect(await response.json()).toEqual({
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
  });

  it('puts a known customer’s message on their timeline, and dedupes on event_id', async () => {
    const contact = (await env.DB.prepare(
      'SELECT customer_id, chat_user_id FROM contacts WHERE chat_user_id IS NOT NULL LIMIT 1',
    ).first<{ customer_id: string; chat_user_id: string }>())!;
    const event = {
      type: 'event_callback',
      event_id: `Ev${crypto.randomUUID()}`,
      event: {
        type: 'message',
        user: contact.chat_user_id,
        text: 'Thanks for the visit yesterday',
        channel: 'C1',
      },
    };
    expect((await postSlack(event)).status).toBe(200);
    expect(await (await postSlack(event)).json()).toEqual({ ok: true, duplicate: true });
    await processQueued();
    const { results } = await env.DB.prepare(
      'SELECT text FROM customer_messages WHERE customer_id = ?',
    )
      .bind(contact.customer_id)
      .all<{ text: string }>();
    expect(results.map((r) => r.text)).toEqual(['Thanks for the visit yesterday']);
    // It shows on the customer's page, for whoever may see the customer.
    const director = await signInAs('director@example.com');
    const page = await (await director.get(`/customers/${contact.customer_id}`)).text();
    expect(page).toContain('<strong>Message via Slack</strong>');
    expect(page).toContain('Thanks for the visit yesterday');
  });

  it('makes a lead of a stranger’s buying question, and ignores bot posts', async () => {
    await postSlack({
      type: 'event_callback',
      event_id: `Ev${crypto.randomUUID()}`,
      event: {
        type: 'message',
        user: 'UNEW123',
        text: 'Do you offer a free trial?',
        channel: 'C1',
      },
    });
    await postSlack({
      type: 'event_callback',
      event_id: `Ev${crypto.randomUUID()}`,
      event: { type: 'message', bot_id: 'B1', text: 'price bot', channel: 'C1' },
    });
    await processQueued();
    const lead = await env.DB.prepare(
      "SELECT channel, priority, region_id FROM leads WHERE name = 'slack UNEW123'",
    ).first();
    expect(lead).toEqual({ channel: 'slack', priority: 'high', region_id: 'reg_east' });
    expect(
      await env.DB.prepare("SELECT id FROM leads WHERE message = 'price bot'").first(),
    ).toBeNull();
  });

  it('refuses a wrong signature or an old timestamp with 401', async () => {
    expect(
      (await postSlack({ type: 'url_verification', challenge: 'x' }, { secret: 'wrong' })).status,
    ).toBe(401);
    expect(
      (
        await postSlack(
          { type: 'url_verification', challenge: 'x' },
          { timestamp: Math.floor(Date.now() / 1000) - 600 },
        )
      ).status,
    ).toBe(401);
  });
});
