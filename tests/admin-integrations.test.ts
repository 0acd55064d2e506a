import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import worker from '../worker/index';
import type { WorkMessage } from '../queues/messages';
import { signStandardWebhook } from '../worker/webhooks/signatures';
import { call, signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

let admin: Browser;

beforeAll(async () => {
  await seedTinyCompany();
  admin = await signInAs('admin@example.com');
});

describe('admin integration pages', () => {
  it('are the admin’s only', async () => {
    const manager = await signInAs('manager.east@example.com');
    for (const path of [
      '/admin/deliveries',
      '/admin/routes',
      '/admin/keywords',
      '/admin/sources',
    ]) {
      expect((await manager.get(path)).status, path).toBe(403);
      expect((await admin.get(path)).status, path).toBe(200);
    }
  });

  it('keywords: add one, refuse a duplicate, switch one off', async () => {
    expect(
      (await admin.submit('/admin/keywords', { keyword: 'Brochure', language: 'en' })).status,
    ).toBe(303);
    const duplicate = await admin.submit('/admin/keywords', { keyword: 'price', language: 'en' });
    expect(duplicate.status).toBe(422);
    expect(await duplicate.text()).toContain('That keyword is already there.');
    await admin.post('/admin/keywords/kw_price/toggle');
    expect(
      await env.DB.prepare(
        "SELECT keyword, active FROM keyword_rules WHERE id = 'kw_price' OR keyword = 'brochure' ORDER BY keyword",
      )
        .all()
        .then((r) => r.results),
    ).toEqual([
      { keyword: 'brochure', active: 1 },
      { keyword: 'price', active: 0 },
    ]);
  });

  it('routes: one audience each, https only', async () => {
    expect(
      (
        await admin.submit('/admin/routes', {
          name: 'East Slack',
          channel: 'slack',
          url: 'https://hooks.slack.test/east',
          regionId: 'reg_east',
          ratePerMinute: '20',
        })
      ).status,
    ).toBe(303);
    expect(
      (
        await admin.submit('/admin/routes', {
          name: 'Both',
          channel: 'slack',
          url: 'https://hooks.slack.test/x',
          regionId: 'reg_east',
          userEmail: 'rep.east1@example.com',
          ratePerMinute: '20',
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await admin.submit('/admin/routes', {
          name: 'Neither',
          channel: 'slack',
          url: 'https://hooks.slack.test/x',
          ratePerMinute: '20',
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await admin.submit('/admin/routes', {
          name: 'Plain http',
          channel: 'webhook',
          url: 'http://crm.test/x',
          regionId: 'reg_east',
          ratePerMinute: '20',
        })
      ).status,
    ).toBe(422);
    // A double submit adds nothing.
    expect(
      (
        await admin.submit('/admin/routes', {
          name: 'East Slack',
          channel: 'slack',
          url: 'https://hooks.slack.test/east',
          regionId: 'reg_east',
          ratePerMinute: '20',
        })
      ).status,
    ).toBe(303);
    expect(
      await env.DB.prepare(
        "SELECT count(*) AS n FROM notification_routes WHERE url = 'https://hooks.slack.test/east'",
      ).first(),
    ).toEqual({ n: 1 });
    const page = await (await admin.get('/admin/routes')).text();
    expect(page).toContain('East Slack');
  });

  it('deliveries: list outbound notifications with their last error, and retry one now', async () => {
    await env.DB.prepare(
      "INSERT INTO notifications (id, recipient_id, channel, kind, title, body, status, attempts, due_at, created_at, last_error) VALUES ('ntf_failed', 'usr_rep_east1', 'slack', 'lead.assigned', 'New lead', 'b', 'failed', 5, 0, ?, 'HTTP 503')",
    )
      .bind(Date.now())
      .run();
    const page = await (await admin.get('/admin/deliveries')).text();
    expect(page).toContain('id="delivery-ntf_failed"');
    expect(page).toContain('HTTP 503');
    const sent = vi.spyOn(env.WORK_QUEUE, 'send');
    expect((await admin.post('/admin/deliveries/ntf_failed/retry')).headers.get('location')).toBe(
      '/admin/deliveries?retried=1',
    );
    expect(sent).toHaveBeenCalledWith({
      kind: 'notification.deliver',
      notificationId: 'ntf_failed',
    });
    expect(
      await env.DB.prepare("SELECT status FROM notifications WHERE id = 'ntf_failed'").first(),
    ).toEqual({ status: 'pending' });
    sent.mockRestore();
    expect((await admin.post('/admin/deliveries/nope/retry')).status).toBe(404);
  });

  it('sources: a generic source maps nested fields into a lead', async () => {
    const created = await admin.submit('/admin/sources', {
      name: 'Partner portal',
      provider: 'generic',
      defaultRegionId: 'reg_north',
      mapping: '{"name":"contact.full_name","phone":"contact.mobile","message":"note"}',
    });
    expect(created.status).toBe(303);
    const html = await (await admin.get(created.headers.get('location')!)).text();
    const secret = /Its secret: (whsec_[A-Za-z0-9+/=]+)/.exec(html)![1]!;
    const sourceId = /\/webhooks\/forms\/(src_[a-z0-9]+)/.exec(html)![1]!;
    const body = JSON.stringify({
      contact: { full_name: 'Chen Jing', mobile: '13912345678' },
      note: 'Please send pricing',
    });
    const id = `msg_${crypto.randomUUID()}`;
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await call(`/webhooks/forms/${sourceId}`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': await signStandardWebhook(secret, id, timestamp, body),
      },
    });
    expect(response.status).toBe(200);
    const row = await env.DB.prepare('SELECT id FROM webhook_deliveries WHERE delivery_id = ?')
      .bind(id)
      .first<{ id: string }>();
    const batch = createMessageBatch<WorkMessage>('fieldwall-work', [
      {
        id: 'g1',
        timestamp: new Date(),
        attempts: 1,
        body: { kind: 'webhook.process', deliveryRowId: row!.id },
      },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    await getQueueResult(batch, ctx);
    expect(
      await env.DB.prepare(
        "SELECT name, phone, priority, region_id FROM leads WHERE phone = '13912345678'",
      ).first(),
    ).toEqual({
      name: 'Chen Jing',
      phone: '13912345678',
      priority: 'high',
      region_id: 'reg_north',
    });
    const bad = await admin.submit('/admin/sources', {
      name: 'Broken',
      provider: 'generic',
      defaultRegionId: 'reg_north',
      mapping: '[1,2]',
    });
    expect(bad.status).toBe(422);
  });
});
