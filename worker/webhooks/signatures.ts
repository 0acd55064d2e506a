/**
 * Inbound webhook signatures, implemented from each provider's documentation and pinned by
 * their published test vectors (tests/unit/webhook-signatures.test.ts). All comparisons are
 * constant-time; timestamps are checked before anything else is trusted.
 */
import { constantTimeEqualText, fromBase64Url } from '../auth/crypto';

export type Verification =
  | { ok: true }
  | { ok: false; reason: 'missing_headers' | 'stale_timestamp' | 'bad_signature' | 'bad_secret' };

const encoder = new TextEncoder();
const FIVE_MINUTES_S = 5 * 60;

async function hmacSha256(key: Uint8Array<ArrayBuffer>, message: string): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    key,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(message)));
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const toHex = (bytes: Uint8Array) =>
  [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

function withinTolerance(
  timestampSeconds: number,
  nowMs: number,
  toleranceSeconds: number,
): boolean {
  return (
    Number.isFinite(timestampSeconds) &&
    Math.abs(nowMs / 1000 - timestampSeconds) <= toleranceSeconds
  );
}

/** The key of a `whsec_`-prefixed Standard Webhooks secret (base64 after the prefix). */
export function standardWebhooksKey(secret: string): Uint8Array<ArrayBuffer> | null {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  try {
    return fromBase64Url(encoded.replace(/=+$/, ''));
  } catch {
    return null;
  }
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, as Standard Webhooks senders sign. */
export async function signStandardWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Promise<string> {
  const key = standardWebhooksKey(secret);
  if (!key) throw new Error('invalid Standard Webhooks secret');
  return `v1,${toBase64(await hmacSha256(key, `${id}.${timestampSeconds}.${body}`))}`;
}

/**
 * Standard Webhooks: `webhook-id`, `webhook-timestamp` (seconds, 5-minute tolerance) and
 * `webhook-signature`, which may list several space-separated `v1,<sig>` entries (key rotation):
 * any one matching is enough.
 */
export async function verifyStandardWebhook(input: {
  secret: string;
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  body: string;
  now: number;
}): Promise<Verification> {
  if (!input.id || !input.timestamp || !input.signature)
    return { ok: false, reason: 'missing_headers' };
  const timestamp = Number(input.timestamp);
  if (!/^\d+$/.test(input.timestamp) || !withinTolerance(timestamp, input.now, FIVE_MINUTES_S))
    return { ok: false, reason: 'stale_timestamp' };
  if (!standardWebhooksKey(input.secret)) return { ok: false, reason: 'bad_secret' };
  const expected = await signStandardWebhook(input.secret, input.id, timestamp, input.body);
  const offered = input.signature.split(' ').filter((entry) => entry.startsWith('v1,'));
  // Compare against every candidate so the time taken does not say which one matched.
  let matched = false;
  for (const candidate of offered) matched = constantTimeEqualText(candidate, expected) || matched;
  return matched ? { ok: true } : { ok: false, reason: 'bad_signature' };
}

/** Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:timestamp:body">`, timestamp within 5 minutes. */
export async function verifySlackRequest(input: {
  signingSecret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: string;
  now: number;
}): Promise<Verification> {
  if (!input.timestamp || !input.signature) return { ok: false, reason: 'missing_headers' };
  if (
    !/^\d+$/.test(input.timestamp) ||
    !withinTolerance(Number(input.timestamp), input.now, FIVE_MINUTES_S)
  )
    return { ok: false, reason: 'stale_timestamp' };
  const expected = `v0=${toHex(await hmacSha256(new Uint8Array(encoder.encode(input.signingSecret)), `v0:${input.timestamp}:${input.body}`))}`;
  return constantTimeEqualText(input.signature, expected)
    ? { ok: true }
    : { ok: false, reason: 'bad_signature' };
}

async function bodyHmacBase64(secret: string, body: string): Promise<string> {
  return toBase64(await hmacSha256(new Uint8Array(encoder.encode(secret)), body));
}

/** Typeform: `Typeform-Signature: sha256=<base64 HMAC-SHA256 of the raw body>`. No timestamp: replays are caught by the event_id dedupe. */
export async function verifyTypeform(input: {
  secret: string;
  signature: string | undefined;
  body: string;
}): Promise<Verification> {
  if (!input.signature) return { ok: false, reason: 'missing_headers' };
  return constantTimeEqualText(
    input.signature,
    `sha256=${await bodyHmacBase64(input.secret, input.body)}`,
  )
    ? { ok: true }
    : { ok: false, reason: 'bad_signature' };
}

/** Tally: `Tally-Signature: <base64 HMAC-SHA256 of the raw body>`. No timestamp: replays are caught by the eventId dedupe. */
export async function verifyTally(input: {
  secret: string;
  signature: string | undefined;
  body: string;
}): Promise<Verification> {
  if (!input.signature) return { ok: false, reason: 'missing_headers' };
  return constantTimeEqualText(input.signature, await bodyHmacBase64(input.secret, input.body))
    ? { ok: true }
    : { ok: false, reason: 'bad_signature' };
}
