import { lt } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { webhookSignaturesSeen, type webhookSources } from '../platform/db/schema';
import { HttpError } from '../platform/http/errors';
import { acceptDelivery } from './intake';
import { findActiveSource } from './source-cache';
import {
  verifySlackRequest,
  verifyStandardWebhook,
  verifyTally,
  verifyTypeform,
  type Verification,
} from './signatures';
import { CHAT_SOURCE_IDS } from './sources';
import { DINGTALK_WINDOW_MS, dingtalkAddressedToSource } from './dingtalk';
import {
  dingtalkSign,
  feishuDecrypt,
  feishuSignature,
  verifyHex,
  verifyText,
  wecomDecrypt,
  wecomSignature,
} from './chat-crypto';
import { xmlField } from './normalize';

/** Signature first: nothing from the request is trusted, parsed or stored before it passes. */
const REFUSALS = {
  missing_headers: 'The signature headers are missing.',
  stale_timestamp: "The timestamp is outside the provider's allowed window.",
  bad_signature: 'The signature does not match.',
  bad_secret: 'The source is misconfigured.',
  replayed: 'This signature was already used.',
  wrong_robot: 'The message is for another robot or conversation.',
} as const;

function refuse(reason: keyof typeof REFUSALS): never {
  throw new HttpError(401, reason, REFUSALS[reason]);
}

function refuseUnverified(verification: Verification): void {
  if (!verification.ok) refuse(verification.reason);
}

function parseJson(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body);
    if (value && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(400, 'malformed_body', 'The body must be a JSON object.');
}

async function activeSource(
  c: Context<AppEnv>,
  id: string,
  providers: (typeof webhookSources.$inferSelect)['provider'][],
) {
  const source = await findActiveSource(c.var.db, id, providers);
  if (!source) throw new HttpError(404, 'unknown_source', 'No active webhook source with that id.');
  return source;
}

/** Records the delivery before the answer; the queue send runs after it (the request's waitUntil). */
function accept(c: Context<AppEnv>, delivery: Parameters<typeof acceptDelivery>[2]) {
  return acceptDelivery(c.var.db, c.env.WORK_QUEUE, delivery, (work) =>
    c.executionCtx.waitUntil(work),
  );
}

/** `accept`, answered the way the JSON providers expect: whether it was a repeat. */
async function acceptAsJson(c: Context<AppEnv>, delivery: Parameters<typeof acceptDelivery>[2]) {
  const outcome = await accept(c, delivery);
  return c.json({ ok: true, duplicate: outcome === 'duplicate' });
}

/**
 * `/webhooks/…`: verify, dedupe on the provider's delivery id, enqueue, answer — well inside the
 * few seconds after which chat platforms retry. Before the 200 there is at most one D1 read (the
 * source, cached per isolate) and one write (the delivery record, which is the dedupe); the queue
 * send finishes after the answer. A delivery seen before answers 200 and changes
 * nothing.
 */
export const webhookRoutes = new Hono<AppEnv>()
  .post('/forms/:sourceId', async (c) => {
    const source = await activeSource(c, c.req.param('sourceId'), [
      'standard',
      'generic',
      'typeform',
      'tally',
    ]);
    const body = await c.req.text();
    const now = Date.now();
    let deliveryId: unknown;
    if (source.provider === 'typeform') {
      refuseUnverified(
        await verifyTypeform({
          secret: source.secret,
          signature: c.req.header('typeform-signature'),
          body,
        }),
      );
      deliveryId = parseJson(body).event_id;
    } else if (source.provider === 'tally') {
      refuseUnverified(
        await verifyTally({
          secret: source.secret,
          signature: c.req.header('tally-signature'),
          body,
        }),
      );
      deliveryId = parseJson(body).eventId;
    } else {
      refuseUnverified(
        await verifyStandardWebhook({
          secret: source.secret,
          id: c.req.header('webhook-id'),
          timestamp: c.req.header('webhook-timestamp'),
          signature: c.req.header('webhook-signature'),
          body,
          now,
        }),
      );
      parseJson(body);
      deliveryId = c.req.header('webhook-id');
    }
    if (typeof deliveryId !== 'string' || !deliveryId)
      throw new HttpError(400, 'malformed_body', 'The submission has no event id.');
    return acceptAsJson(c, {
      provider: `form:${source.id}`,
      sourceId: source.id,
      deliveryId,
      payload: body,
      now,
    });
  })
  .post('/slack', async (c) => {
    const source = await activeSource(c, CHAT_SOURCE_IDS.slack, ['slack']);
    const body = await c.req.text();
    const now = Date.now();
    refuseUnverified(
      await verifySlackRequest({
        signingSecret: source.secret,
        timestamp: c.req.header('x-slack-request-timestamp'),
        signature: c.req.header('x-slack-signature'),
        body,
        now,
      }),
    );
    const payload = parseJson(body);
    if (payload.type === 'url_verification') {
      if (typeof payload.challenge !== 'string')
        throw new HttpError(400, 'malformed_body', 'url_verification needs a challenge.');
      return c.json({ challenge: payload.challenge });
    }
    if (payload.type !== 'event_callback') return c.json({ ok: true, ignored: true });
    if (typeof payload.event_id !== 'string' || !payload.event_id)
      throw new HttpError(400, 'malformed_body', 'event_callback needs an event_id.');
    // Slack retries (X-Slack-Retry-Num) carry the same event_id: the dedupe answers them.
    return acceptAsJson(c, {
      provider: 'slack',
      sourceId: source.id,
      deliveryId: payload.event_id,
      payload: body,
      now,
    });
  })
  .post('/feishu', async (c) => {
    const source = await activeSource(c, CHAT_SOURCE_IDS.feishu, ['feishu']);
    const body = await c.req.text();
    const now = Date.now();
    const encryptKey = source.config?.encryptKey;
    const signature = c.req.header('x-lark-signature');
    // With an Encrypt Key set, a signed request is checked before anything is read from it.
    if (encryptKey && signature !== undefined) {
      const timestamp = c.req.header('x-lark-request-timestamp') ?? '';
      if (!/^\d+$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > 300)
        refuse('stale_timestamp');
      if (
        !verifyHex(
          signature,
          await feishuSignature(
            timestamp,
            c.req.header('x-lark-request-nonce') ?? '',
            encryptKey,
            body,
          ),
        )
      )
        refuse('bad_signature');
    }
    const outer = parseJson(body);
    let payload = outer;
    if (encryptKey) {
      if (typeof outer.encrypt !== 'string') refuse('bad_signature');
      try {
        payload = JSON.parse(await feishuDecrypt(encryptKey, outer.encrypt)) as Record<
          string,
          unknown
        >;
      } catch {
        // One answer for every way decryption can fail, so it cannot be used as a padding oracle.
        refuse('bad_signature');
      }
      // Only the one-off URL check comes unsigned; events must carry X-Lark-Signature.
      if (signature === undefined && payload.type !== 'url_verification') refuse('missing_headers');
    }
    const token =
      payload.type === 'url_verification'
        ? payload.token
        : (payload.header as Record<string, unknown> | undefined)?.token;
    if (!verifyText(typeof token === 'string' ? token : undefined, source.secret))
      refuse('bad_signature');
    if (payload.type === 'url_verification') return c.json({ challenge: payload.challenge });
    const eventId = (payload.header as Record<string, unknown> | undefined)?.event_id;
    if (typeof eventId !== 'string' || !eventId)
      throw new HttpError(400, 'malformed_body', 'The event has no header.event_id.');
    return acceptAsJson(c, {
      provider: 'feishu',
      sourceId: source.id,
      deliveryId: eventId,
      payload: JSON.stringify(payload),
      now,
    });
  })
  .post('/dingtalk', async (c) => {
    const source = await activeSource(c, CHAT_SOURCE_IDS.dingtalk, ['dingtalk']);
    const body = await c.req.text();
    const now = Date.now();
    const timestamp = c.req.header('timestamp');
    const sign = c.req.header('sign');
    if (!timestamp || !sign) refuse('missing_headers');
    if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > DINGTALK_WINDOW_MS)
      refuse('stale_timestamp');
    if (!verifyText(sign, await dingtalkSign(source.secret, timestamp))) refuse('bad_signature');
    // The sign covers only the timestamp: each pair is good once (pairs older than the window go).
    const [, firstUse] = await c.var.db.batch([
      c.var.db.delete(webhookSignaturesSeen).where(lt(webhookSignaturesSeen.expiresAt, now)),
      c.var.db
        .insert(webhookSignaturesSeen)
        .values({
          key: `dingtalk:${timestamp}:${sign}`,
          expiresAt: Number(timestamp) + DINGTALK_WINDOW_MS,
        })
        .onConflictDoNothing()
        .returning({ key: webhookSignaturesSeen.key }),
    ]);
    if (firstUse.length === 0) refuse('replayed');
    const payload = parseJson(body);
    if (!dingtalkAddressedToSource(source.config, payload)) refuse('wrong_robot');
    if (typeof payload.msgId !== 'string' || !payload.msgId)
      throw new HttpError(400, 'malformed_body', 'The message has no msgId.');
    return acceptAsJson(c, {
      provider: 'dingtalk',
      sourceId: source.id,
      deliveryId: payload.msgId,
      payload: body,
      now,
    });
  })
  .get('/wecom', async (c) => {
    // URL verification: prove we hold the token and key by echoing the decrypted echostr.
    const source = await activeSource(c, CHAT_SOURCE_IDS.wecom, ['wecom']);
    const { msg_signature: signature, timestamp, nonce, echostr } = c.req.query();
    if (!signature || !timestamp || !nonce || !echostr) refuse('missing_headers');
    if (!verifyHex(signature, await wecomSignature(source.secret, timestamp, nonce, echostr)))
      refuse('bad_signature');
    const decrypted = await wecomDecryptFor(source, echostr);
    return c.text(decrypted);
  })
  .post('/wecom', async (c) => {
    const source = await activeSource(c, CHAT_SOURCE_IDS.wecom, ['wecom']);
    const { msg_signature: signature, timestamp, nonce } = c.req.query();
    const body = await c.req.text();
    const encrypted = xmlField(body, 'Encrypt');
    if (!signature || !timestamp || !nonce) refuse('missing_headers');
    // WeCom sends the current time; an hour of slack covers its retries and clock drift.
    if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 3_600)
      refuse('stale_timestamp');
    if (!encrypted)
      throw new HttpError(400, 'malformed_body', 'The body has no <Encrypt> element.');
    if (!verifyHex(signature, await wecomSignature(source.secret, timestamp, nonce, encrypted)))
      refuse('bad_signature');
    const xml = await wecomDecryptFor(source, encrypted);
    const msgId =
      xmlField(xml, 'MsgId') ?? `${xmlField(xml, 'FromUserName')}:${xmlField(xml, 'CreateTime')}`;
    await accept(c, {
      provider: 'wecom',
      sourceId: source.id,
      deliveryId: msgId,
      payload: JSON.stringify({ xml }),
      now: Date.now(),
    });
    // WeCom wants an empty 200 (or "success") to stop retrying.
    return c.body(null, 200);
  });

async function wecomDecryptFor(
  source: { config: Record<string, string> | null },
  encrypted: string,
): Promise<string> {
  const key = source.config?.encodingAesKey;
  if (!key) throw new HttpError(400, 'malformed_body', 'This source has no EncodingAESKey.');
  try {
    const { message, receiveId } = await wecomDecrypt(key, encrypted);
    if (source.config?.corpId && receiveId !== source.config.corpId)
      throw new Error('message for another corp');
    return message;
  } catch {
    throw new HttpError(401, 'bad_signature', 'The message does not decrypt for this source.');
  }
}
