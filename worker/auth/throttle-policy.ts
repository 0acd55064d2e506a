/**
 * Sign-in throttling rules, free of I/O. Failures are counted per key within a window; reaching
 * the limit locks the key for a while. Accounts lock sooner than addresses because an office or a
 * mobile carrier's NAT puts many honest reps behind one address.
 */
export type ThrottlePolicy = { maxFailures: number; windowMs: number; lockMs: number };
export type ThrottleState = { failures: number; windowStartedAt: number; lockedUntil: number | null };

const MINUTE = 60_000;
export const ACCOUNT_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
export const ADDRESS_POLICY: ThrottlePolicy = { maxFailures: 30, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

/** Milliseconds until the key may try again, or 0 when it is not locked. */
export function lockRemainingMs(state: ThrottleState | undefined, now: number): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, state.lockedUntil - now);
}

export function recordFailure(state: ThrottleState | undefined, now: number, policy: ThrottlePolicy): ThrottleState {
  const windowExpired = !state || now - state.windowStartedAt >= policy.windowMs;
  const failures = windowExpired ? 1 : state.failures + 1;
  const windowStartedAt = windowExpired ? now : state.windowStartedAt;
  const lockedUntil = failures >= policy.maxFailures ? now + policy.lockMs : null;
  return { failures, windowStartedAt, lockedUntil };
}
