import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  attemptRefusedForMs,
  failureLocks,
} from '../../worker/auth/throttle-policy';

const MINUTE = 60_000;

describe('sign-in throttle policy', () => {
  it('lets the first 5 reserved attempts on an account check the password, and refuses the 6th', () => {
    for (let failures = 1; failures <= 5; failures++)
      expect(attemptRefusedForMs({ failures, lockedUntil: null }, 0, ACCOUNT_POLICY)).toBe(0);
    expect(attemptRefusedForMs({ failures: 6, lockedUntil: null }, 0, ACCOUNT_POLICY)).toBe(
      15 * MINUTE,
    );
    expect(attemptRefusedForMs({ failures: 30, lockedUntil: null }, 0, ADDRESS_POLICY)).toBe(0);
    expect(attemptRefusedForMs({ failures: 31, lockedUntil: null }, 0, ADDRESS_POLICY)).toBe(
      15 * MINUTE,
    );
  });

  it('locks on the fifth failure, and refuses while locked for what remains of the lock', () => {
    expect(failureLocks({ failures: 4, lockedUntil: null }, ACCOUNT_POLICY)).toBe(false);
    expect(failureLocks({ failures: 5, lockedUntil: null }, ACCOUNT_POLICY)).toBe(true);
    const lockedUntil = 4 * MINUTE + ACCOUNT_POLICY.lockMs;
    expect(attemptRefusedForMs({ failures: 6, lockedUntil }, 5 * MINUTE, ACCOUNT_POLICY)).toBe(
      14 * MINUTE,
    );
    // Even a low count is refused while the lock lasts.
    expect(attemptRefusedForMs({ failures: 1, lockedUntil }, 5 * MINUTE, ACCOUNT_POLICY)).toBe(
      14 * MINUTE,
    );
  });

  it('lets an attempt through once the lock has passed', () => {
    expect(
      attemptRefusedForMs({ failures: 1, lockedUntil: 10 * MINUTE }, 19 * MINUTE, ACCOUNT_POLICY),
    ).toBe(0);
  });
});
