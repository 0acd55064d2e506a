/**
 * Feedback links: `/feedback/<id>.<expiry>.<signature>`, signed with HMAC-SHA-256 under the
 * FEEDBACK_LINK_SECRET secret. The link is the capability (no sign-in): a changed character
 * fails the signature (404), a link past its expiry is refused (410). The token is rebuilt from
 * the request's id and expiry whenever a rep's page shows it, so only its hash is stored.
 */
import { constantTimeEqualText, randomToken, sha256Hex, toBase64Url } from '../auth/crypto';

const encoder = new TextEncoder();
const TOKEN = /^([A-Za-z0-9_-]{16,32})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/;
/** A development database works without configuration; production must set the secret. */
const DEVELOPMENT_SECRET = 'fieldwall-development-feedback-links';

/** The signing secret, or null when this deployment has none (no links are made then). */
export function feedbackSecret(env: Env): string | null {
  return (
    env.FEEDBACK_LINK_SECRET || (env.ENVIRONMENT === 'development' ? DEVELOPMENT_SECRET : null)
  );
}

export const newFeedbackRequestId = () => randomToken(16);

async function signature(secret: string, id: string, expiry: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`feedback.${id}.${expiry}`));
  // 128 bits of the MAC keep the link short enough for a text message.
  return toBase64Url(new Uint8Array(mac).slice(0, 16));
}

/** The token for a request (the same every time for the same id and expiry). */
export async function feedbackToken(
  secret: string,
  id: string,
  expiresAt: number,
): Promise<string> {
  const expiry = Math.floor(expiresAt / 1000).toString(36);
  return `${id}.${expiry}.${await signature(secret, id, expiry)}`;
}

export const feedbackTokenHash = (token: string) => sha256Hex(token);

export const feedbackPath = (token: string) => `/feedback/${token}`;

/** The request id and expiry a token carries, or null when it is malformed or not ours. */
export async function verifyFeedbackToken(
  secret: string,
  token: string,
): Promise<{ id: string; expiresAt: number } | null> {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, id, expiry, sent] = match as unknown as [string, string, string, string];
  if (!constantTimeEqualText(sent, await signature(secret, id, expiry))) return null;
  return { id, expiresAt: parseInt(expiry, 36) * 1000 };
}
