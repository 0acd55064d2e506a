/**
 * Sign-in throttling rules, free of I/O. Every attempt is counted per key within a window before
 * the password is checked (the count is reserved atomically in SQL, so parallel attempts cannot
 * all read the same old count); an attempt past the limit is refused, and reaching the limit with
 * a failure locks the key for a while. Accounts lock sooner than addresses because an office or a
 * mobile carrier's NAT puts many honest reps behind one address.
 */
export type ThrottlePolicy = { maxFailures: number; windowMs: number; lockMs: number };
/** A key's counter right after this attempt was reserved. */
export type ReservedAttempt = { failures: number; lockedUntil: number | null };

const MINUTE = 60_000;
export const ACCOUNT_POLICY: ThrottlePolicy = {
  maxFailures: 5,
  windowMs: 15 * MINUTE,
  lockMs: 15 * MINUTE,
};
export const ADDRESS_POLICY: ThrottlePolicy = {
  maxFailures: 30,
  windowMs: 15 * MINUTE,
  lockMs: 15 * MINUTE,
};

/** Milliseconds until the key may try again, or 0 when this reserved attempt may check a password. */
export function attemptRefusedForMs(
  reserved: ReservedAttempt,
  now: number,
  policy: ThrottlePolicy,
): number {
  if (reserved.lockedUntil !== null && reserved.lockedUntil > now)
    return reserved.lockedUntil - now;
  // Over the limit but not yet locked: a parallel attempt is about to lock it.
  return reserved.failures > policy.maxFailures ? policy.lockMs : 0;
}

/** Whether a failed check of this reserved attempt locks the key. */
export function failureLocks(reserved: ReservedAttempt, policy: ThrottlePolicy): boolean {
  return reserved.failures >= policy.maxFailures;
}
