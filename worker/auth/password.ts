import { constantTimeEqual, fromBase64Url, toBase64Url } from './crypto';

/**
 * PBKDF2-SHA256 with a per-user random salt, stored as `pbkdf2-sha256$<iterations>$<salt>$<hash>`.
 * 100,000 iterations is the most Workers' WebCrypto accepts; the count is stored with the hash so
 * it can be raised later without invalidating existing passwords.
 */
export const PBKDF2_ITERATIONS = 100_000;
const SCHEME = 'pbkdf2-sha256';
const HASH_BYTES = 32;

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

export async function hashPassword(
  password: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, iterations);
  return [SCHEME, iterations, toBase64Url(salt), toBase64Url(hash)].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterationText, saltText, hashText] = stored.split('$');
  const iterations = Number(iterationText);
  if (
    scheme !== SCHEME ||
    !saltText ||
    !hashText ||
    !Number.isInteger(iterations) ||
    iterations < 1
  )
    return false;
  const actual = await derive(password, fromBase64Url(saltText), iterations);
  return constantTimeEqual(actual, fromBase64Url(hashText));
}

/**
 * A well-formed hash of a random password, verified against when the email is unknown so that
 * "no such account" takes as long as "wrong password".
 */
export const DECOY_PASSWORD_HASH =
  'pbkdf2-sha256$100000$3q2-7wAAAAAAAAAAAAAAAA$Qm9ndXMtaGFzaC1mb3ItdW5rbm93bi1hY2NvdW50cyE';
