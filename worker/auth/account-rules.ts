import { constantTimeEqualText } from './crypto';

/** Rules for accounts, free of I/O: password length, setup token and one-time link lifetimes. */
export { PASSWORD_MIN_LENGTH } from '../../views/platform/form-fields';
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * Whether `given` is the configured setup token. No token configured (or a blank one) means
 * first-run setup is off, so nothing matches; the compare takes the same time wherever it differs.
 */
export function setupTokenMatches(configured: string | undefined, given: string): boolean {
  const secret = configured?.trim() ?? '';
  if (secret === '') return false;
  return constantTimeEqualText(secret, given);
}

/** Whether first-run setup is offered at all: a token is configured and no admin exists yet. */
export function setupOpen(configured: string | undefined, adminExists: boolean): boolean {
  return (configured?.trim() ?? '') !== '' && !adminExists;
}

const HOUR = 3_600_000;
/** How long a one-time link works: an invitation a week, a password reset an hour. */
export const ACCOUNT_TOKEN_TTL_MS = { invite: 7 * 24 * HOUR, reset: HOUR } as const;
export type AccountTokenPurpose = keyof typeof ACCOUNT_TOKEN_TTL_MS;

/** Whether a one-time link may still set a password: not used yet and not expired. */
export function accountTokenUsable(
  token: { usedAt: number | null; expiresAt: number },
  now: number,
): boolean {
  return token.usedAt === null && now < token.expiresAt;
}

/** The path of a one-time link: /invite/<token> or /reset/<token>. */
export function accountTokenPath(purpose: AccountTokenPurpose, token: string): string {
  return `/${purpose}/${token}`;
}
