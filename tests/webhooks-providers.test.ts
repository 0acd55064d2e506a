import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../worker/index';
import type { WorkMessage } from '../queues/messages';
import {
  DEMO_CHAT_SOURCES,
  DEMO_TALLY_SOURCE,
  DEMO_TYPEFORM_SOURCE,
} from '../scripts/seed/generate';
import { dingtalkSign, feishuSignature, wecomSignature } from '../worker/webhooks/chat-crypto';
import { call } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

const encoder = new TextEncoder();
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

beforeAll(async () => {
  await seedTinyCompany();
});

async function processQueued() {
  const { results } = await env.DB.prepare(
    "SELECT id FROM webhook_deliveries WHERE status = 'queued'",
  ).all<{ id: string }>();
  const batch = createMessageBatch<WorkMessage>(
    'fieldwall-work',
    results.map((row, i) => ({
      id: `p${i}-${row.id}`,
      timestamp: new Date(),
      attempts: 1,
      body: { kind: 'webhook.process', deliveryRowId: row.id },
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  await getQueueResult(batch, ctx);
}

/** Feishu's encryption: AES-256-CBC, key = SHA-256(Encrypt Key), a random IV in front. */
async function feishuEncrypt(encryptKey: string, plaintext: string) {
  const key = await crypto.subtle.importKey(
    'raw',
    await crypto.subtle.digest('SHA-256', encoder.encode(encryptKey)),
    'AES-CBC',
    false,
    ['encrypt'],
  );
  const iv = crypto.getRandomValues(new Uint8Array(16));
  const cipher = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, encoder.encode(plaintext)),
  );
  return b64(new Uint8Array([...iv, ...cipher]));
}

/** WeCom's encryption: random(16) + length + message + corp id, PKCS#7 to 32 bytes, AES-CBC with IV = key[0:16]. */
async function wecomEncrypt(encodingAesKey: string, corpId: string, message: string) {
  const keyBytes = Uint8Array.from(atob(`${encodingAesKey}=`), (c) => c.charCodeAt(0));
  const body = encoder.encode(message);
  const plain = new Uint8Array([
    ...crypto.getRandomValues(new Uint8Array(16)),
    0,
    0,
    0,
    0,
    ...body,
    ...encoder.encode(corpId),
  ]);
  new DataView(plain.buffer).setUint32(16, body.length);
  const pad = 32 - (plain.length % 32);
  const padded = new Uint8Array([...plain, ...new Array(pad).fill(pad)]);
  const key = await crypto.subtle.importKey('raw', keyBytes, 'AES-CBC', false, ['encrypt']);
  // WebCrypto adds its own padding block; WeCom's data has none beyond its own.
  const cipher = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-CBC', iv: keyBytes.slice(0, 16) }, key, padded),
  ).slice(0, padded.length);
  return b64(cipher);
}

async function hmacBase64(secret: string, body: string) {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return b64(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(body))));
}

describe('Feishu / Lark events', () => {
  const { secret: token, config } = DEMO_CHAT_SOURCES.feishu;

  async function postEvent(payload: unknown, options: { sign?: boolean; signature?: string } = {}) {
    const body = JSON.stringify({
      encrypt: await feishuEncrypt(config.encryptKey, JSON.stringify(payload)),
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.sign !== false) {
      headers['x-lark-request-timestamp'] = timestamp;
      headers['x-lark-request-nonce'] = 'n1';
      headers['x-lark-signature'] =
        options.signature ?? (await feishuSignature(timestamp, 'n1', config.encryptKey, body));
    }
    return call('/webhooks/feishu', { method: 'POST', body, headers });
  }

  it('answers the encrypted URL check with its challenge, and only with the right token', async () => {
    expect(
      await (
        await postEvent({ type: 'url_verification', token, challenge: 'ch-123' }, { sign: false })
      ).json(),
    ).toEqual({ challenge: 'ch-123' });
    expect(
      (
        await postEvent(
          { type: 'url_verification', token: 'wrong', challenge: 'x' },
          { sign: false },
        )
      ).status,
    ).toBe(401);
  });

  it('takes a signed, encrypted im.message.receive_v1 once, and makes a lead of a buying question', async () => {
    const event = {
      schema: '2.0',
      header: { event_id: `fe-${crypto.randomUUID()}`, event_type: 'im.message.receive_v1', token },
      event: {
        sender: { sender_id: { open_id: 'ou_feishu_1' }, sender_type: 'user' },
        message: {
          message_type: 'text',
          content: JSON.stringify({ text: '你们的样品怎么申请？' }),
        },
      },
    };
    expect(await (await postEvent(event)).json()).toEqual({ ok: true, duplicate: false });
    expect(await (await postEvent(event)).json()).toEqual({ ok: true, duplicate: true });
    await processQueued();
    expect(
      await env.DB.prepare(
        "SELECT channel, priority, region_id FROM leads WHERE name = 'feishu ou_feishu_1'",
      ).first(),
    ).toEqual({ channel: 'feishu', priority: 'high', region_id: 'reg_south' });
  });

  it('refuses an unsigned event, and a plaintext body when an Encrypt Key is set', async () => {
    const event = { header: { event_id: 'unsigned', event_type: 'im.message.receive_v1', token } };
    expect((await postEvent(event, { sign: false })).status).toBe(401);
    const plain = await call('/webhooks/feishu', {
      method: 'POST',
      body: JSON.stringify(event),
      headers: { 'content-type': 'application/json' },
    });
    expect(plain.status).toBe(401);
  });

  it('refuses a wrong X-Lark-Signature with 401 and stores nothing', async () => {
    const before = await env.DB.prepare('SELECT count(*) AS n FROM webhook_deliveries').first<{
      n: number;
    }>();
    const response = await postEvent(
      { header: { event_id: 'x', token } },
      { signature: 'deadbeef' },
    );
    expect(response.status).toBe(401);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM webhook_deliveries').first()).toEqual(
      before,
    );
  });
});

describe('DingTalk robot callbacks', () => {
  const secret = DEMO_CHAT_SOURCES.dingtalk.secret;
  const robotCode = DEMO_CHAT_SOURCES.dingtalk.config.robotCode;
  async function headersFor(timestamp = String(Date.now())) {
    return {
      'content-type': 'application/json',
      timestamp,
      sign: await dingtalkSign(secret, timestamp),
    };
  }
  async function post(payload: unknown, headers?: Record<string, string>) {
    return call('/webhooks/dingtalk', {
      method: 'POST',
      body: JSON.stringify(payload),
      headers: headers ?? (await headersFor()),
    });
  }
  let clock = Date.now() - 60_000;
  /** A fresh timestamp per request, as DingTalk signs each callback when it sends it. */
  const fresh = () => headersFor(String((clock += 7)));

  it('accept a signed message to our robot, once per msgId', async () => {
    const message = {
      msgtype: 'text',
      msgId: `msg-${crypto.randomUUID()}`,
      robotCode,
      text: { content: ' 报价单发我一下 ' },
      senderStaffId: 'staff-9',
      senderNick: '王伟',
    };
    expect(await (await post(message, await fresh())).json()).toEqual({
      ok: true,
      duplicate: false,
    });
    expect(await (await post(message, await fresh())).json()).toEqual({
      ok: true,
      duplicate: true,
    });
    await processQueued();
    expect(
      await env.DB.prepare("SELECT priority, message FROM leads WHERE name = '王伟'").first(),
    ).toEqual({ priority: 'high', message: '报价单发我一下' });
  });

  it('refuse a timestamp older than 5 minutes and a wrong sign', async () => {
    expect(
      (
        await post(
          { msgtype: 'text', msgId: 'old', robotCode },
          await headersFor(String(Date.now() - 6 * 60_000)),
        )
      ).status,
    ).toBe(401);
    const wrong = await call('/webhooks/dingtalk', {
      method: 'POST',
      body: '{}',
      headers: { timestamp: String(Date.now()), sign: 'AAAA' },
    });
    expect(wrong.status).toBe(401);
  });

  it('refuse a captured timestamp and sign replayed with another body, and store nothing from it', async () => {
    const captured = await fresh();
    const original = {
      msgtype: 'text',
      msgId: `msg-${crypto.randomUUID()}`,
      robotCode,
      text: { content: 'hello' },
      senderStaffId: 'staff-1',
      senderNick: '李娜',
    };
    expect((await post(original, captured)).status).toBe(200);
    const forged = {
      msgtype: 'text',
      msgId: `msg-${crypto.randomUUID()}`,
      robotCode,
      text: { content: '报价 please' },
      senderStaffId: 'staff-666',
      senderNick: 'Mallory',
    };
    const replay = await post(forged, captured);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({
      error: { code: 'replayed', message: 'This signature was already used.' },
    });
    expect(
      await env.DB.prepare('SELECT id FROM webhook_deliveries WHERE delivery_id = ?')
        .bind(forged.msgId)
        .first(),
    ).toBeNull();
  });

  it('refuse a message for another robot, or without one', async () => {
    const otherRobot = {
      msgtype: 'text',
      msgId: `msg-${crypto.randomUUID()}`,
      robotCode: 'ding-someone-else',
      text: { content: 'quote' },
      senderNick: 'Other',
    };
    const response = await post(otherRobot, await fresh());
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('wrong_robot');
    expect(
      (
        await post(
          { msgtype: 'text', msgId: `msg-${crypto.randomUUID()}`, text: { content: 'quote' } },
          await fresh(),
        )
      ).status,
    ).toBe(401);
    expect(
      await env.DB.prepare('SELECT id FROM webhook_deliveries WHERE delivery_id = ?')
        .bind(otherRobot.msgId)
        .first(),
    ).toBeNull();
  });
});

describe('WeCom callbacks', () => {
  const { secret: token, config } = DEMO_CHAT_SOURCES.wecom;

  it('verifies the URL by answering the decrypted echostr', async () => {
    const echostr = await wecomEncrypt(config.encodingAesKey, config.corpId, '8743210987654321');
    const signature = await wecomSignature(token, '1700000000', 'nonce', echostr);
    const response = await call(
      `/webhooks/wecom?${new URLSearchParams({ msg_signature: signature, timestamp: '1700000000', nonce: 'nonce', echostr })}`,
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('8743210987654321');
    const bad = await call(
      `/webhooks/wecom?${new URLSearchParams({ msg_signature: 'x', timestamp: '1700000000', nonce: 'nonce', echostr })}`,
    );
    expect(bad.status).toBe(401);
  });

  it('decrypts a text message, dedupes on MsgId, and refuses another corp’s message', async () => {
    const xml =
      '<xml><ToUserName><![CDATA[ww-fieldwall-demo]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[想申请试用]]></Content><MsgId>7001</MsgId><AgentID>1</AgentID></xml>';
    const send = async (corpId: string) => {
      const encrypted = await wecomEncrypt(config.encodingAesKey, corpId, xml);
      const now = String(Math.floor(Date.now() / 1000));
      const signature = await wecomSignature(token, now, 'n2', encrypted);
      return call(`/webhooks/wecom?msg_signature=${signature}&timestamp=${now}&nonce=n2`, {
        method: 'POST',
        body: `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`,
        headers: { 'content-type': 'text/xml' },
      });
    };
    expect((await send(config.corpId)).status).toBe(200);
    expect((await send(config.corpId)).status).toBe(200);
    expect((await send('ww-someone-else')).status).toBe(401);
    const { results } = await env.DB.prepare(
      "SELECT id FROM webhook_deliveries WHERE provider = 'wecom'",
    ).all();
    expect(results).toHaveLength(1);
    await processQueued();
    expect(
      await env.DB.prepare(
        "SELECT channel, priority FROM leads WHERE name = 'wecom zhangsan'",
      ).first(),
    ).toEqual({ channel: 'wecom', priority: 'high' });
  });
});

describe('Typeform and Tally', () => {
  it('Typeform: verifies sha256=base64(HMAC) and reads answers by type', async () => {
    const body = JSON.stringify({
      event_id: `tf-${crypto.randomUUID()}`,
      event_type: 'form_response',
      form_response: {
        answers: [
          { type: 'text', text: 'Grace Ho', field: { id: 'a', type: 'short_text', ref: 'name' } },
          {
            type: 'email',
            email: 'Grace@Example.com',
            field: { id: 'b', type: 'email', ref: 'email' },
          },
          {
            type: 'text',
            text: 'We need a demo for our plant.',
            field: { id: 'c', type: 'long_text', ref: 'msg' },
          },
        ],
      },
    });
    const signature = `sha256=${await hmacBase64(DEMO_TYPEFORM_SOURCE.secret, body)}`;
    const ok = await call(`/webhooks/forms/${DEMO_TYPEFORM_SOURCE.id}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'typeform-signature': signature },
    });
    expect(await ok.json()).toEqual({ ok: true, duplicate: false });
    const bad = await call(`/webhooks/forms/${DEMO_TYPEFORM_SOURCE.id}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'typeform-signature': 'sha256=AAAA' },
    });
    expect(bad.status).toBe(401);
    await processQueued();
    expect(
      await env.DB.prepare(
        "SELECT email, priority, region_id, channel FROM leads WHERE name = 'Grace Ho'",
      ).first(),
    ).toEqual({
      email: 'grace@example.com',
      priority: 'high',
      region_id: 'reg_north',
      channel: 'typeform',
    });
  });

  it('Tally: verifies base64(HMAC) and reads fields by label', async () => {
    const body = JSON.stringify({
      eventId: `tally-${crypto.randomUUID()}`,
      eventType: 'FORM_RESPONSE',
      data: {
        fields: [
          { label: 'Name', value: 'Kevin Tan' },
          { label: 'Phone', value: '+86 139 0000 7777' },
          { label: 'Message', value: 'Call me about service plans' },
        ],
      },
    });
    const ok = await call(`/webhooks/forms/${DEMO_TALLY_SOURCE.id}`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'tally-signature': await hmacBase64(DEMO_TALLY_SOURCE.secret, body),
      },
    });
    expect(ok.status).toBe(200);
    await processQueued();
    expect(
      await env.DB.prepare(
        "SELECT phone, priority, region_id FROM leads WHERE name = 'Kevin Tan'",
      ).first(),
    ).toEqual({ phone: '+8613900007777', priority: 'normal', region_id: 'reg_west' });
  });
});
