import { describe, expect, it } from 'vitest';
import { ACCOUNT_POLICY, lockRemainingMs, recordFailure, type ThrottleState } from '../../worker/auth/throttle-policy';

const MINUTE = 60_000;

describe('sign-in throttle policy', () => {
  it('locks on the fifth failure within 15 minutes, for 15 minutes', () => {
    let state: ThrottleState | undefined;
    for (let i = 0; i < 4; i++) state = recordFailure(state, i * MINUTE, ACCOUNT_POLICY);
    expect(state).toMatchObject({ failures: 4, lockedUntil: null });
    state = recordFailure(state, 4 * MINUTE, ACCOUNT_POLICY);
    expect(state.lockedUntil).toBe(4 * MINUTE + 15 * MINUTE);
    expect(lockRemainingMs(state, 5 * MINUTE)).toBe(14 * MINUTE);
    expect(lockRemainingMs(state, 19 * MINUTE)).toBe(0);
  });

  it('starts counting again once the window has passed', () => {
    let state = recordFailure(undefined, 0, ACCOUNT_POLICY);
    for (let i = 1; i < 4; i++) state = recordFailure(state, i * MINUTE, ACCOUNT_POLICY);
    state = recordFailure(state, 16 * MINUTE, ACCOUNT_POLICY);
    expect(state).toEqual({ failures: 1, windowStartedAt: 16 * MINUTE, lockedUntil: null });
  });

  it('is not locked without a record', () => {
    expect(lockRemainingMs(undefined, 0)).toBe(0);
  });
});
