import { and, eq, inArray } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app-env';
import { webhookSources } from '../db/schema';
import { HttpError } from '../http/errors';
import { acceptDelivery } from '../webhooks/intake';
import { verifySlackRequest, verifyStandardWebhook, type Verification } from '../webhooks/signatures';
import { SLACK_SOURCE_ID } from '../webhooks/sources';

/** Signature first: nothing from the request is trusted, parsed or stored before it passes. */
function refuseUnverified(verification: Verification) {
  if (verification.ok) return;
  const messages = {
    missing_headers: 'The signature headers are missing.',
    stale_timestamp: 'The timestamp is outside the 5-minute window.',
    bad_signature: 'The signature does not match.',
    bad_secret: 'The source is misconfigured.',
  } as const;
  throw new HttpError(401, verification.reason, messages[verification.reason]);
}

function parseJson(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(400, 'malformed_body', 'The body must be a JSON object.');
}

async function activeSource(c: Context<AppEnv>, id: string, providers: ('standard' | 'generic' | 'slack')[]) {
  const [source] = await c.var.db
    .select()
    .from(webhookSources)
    .where(and(eq(webhookSources.id, id), eq(webhookSources.active, true), inArray(webhookSources.provider, providers)))
    .limit(1);
  if (!source) throw new HttpError(404, 'unknown_source', 'No active webhook source with that id.');
  return source;
}

/**
 * `/webhooks/…`: verify, dedupe on the provider's delivery id, enqueue, answer — well inside the
 * few seconds after which chat platforms retry. A delivery seen before answers 200 and changes
 * nothing.
 */
export const webhookRoutes = new Hono<AppEnv>()
  .post('/forms/:sourceId', async (c) => {
    const source = await activeSource(c, c.req.param('sourceId'), ['standard', 'generic']);
    const body = await c.req.text();
    const now = Date.now();
    refuseUnverified(
      await verifyStandardWebhook({ secret: source.secret, id: c.req.header('webhook-id'), timestamp: c.req.header('webhook-timestamp'), signature: c.req.header('webhook-signature'), body, now }),
    );
    parseJson(body);
    const outcome = await acceptDelivery(c.var.db, c.env.WORK_QUEUE, { provider: `form:${source.id}`, sourceId: source.id, deliveryId: c.req.header('webhook-id')!, payload: body, now });
    return c.json({ ok: true, duplicate: outcome === 'duplicate' });
  })
  .post('/slack', async (c) => {
    const source = await activeSource(c, SLACK_SOURCE_ID, ['slack']);
    const body = await c.req.text();
    const now = Date.now();
    refuseUnverified(await verifySlackRequest({ signingSecret: source.secret, timestamp: c.req.header('x-slack-request-timestamp'), signature: c.req.header('x-slack-signature'), body, now }));
    const payload = parseJson(body);
    if (payload.type === 'url_verification') {
      if (typeof payload.challenge !== 'string') throw new HttpError(400, 'malformed_body', 'url_verification needs a challenge.');
      return c.json({ challenge: payload.challenge });
    }
    if (payload.type !== 'event_callback') return c.json({ ok: true, ignored: true });
    if (typeof payload.event_id !== 'string' || !payload.event_id) throw new HttpError(400, 'malformed_body', 'event_callback needs an event_id.');
    // Slack retries (X-Slack-Retry-Num) carry the same event_id: the dedupe answers them.
    const outcome = await acceptDelivery(c.var.db, c.env.WORK_QUEUE, { provider: 'slack', sourceId: source.id, deliveryId: payload.event_id, payload: body, now });
    return c.json({ ok: true, duplicate: outcome === 'duplicate' });
  });
