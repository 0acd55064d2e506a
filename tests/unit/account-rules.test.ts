import { describe, expect, it } from 'vitest';
import { setupOpen, setupTokenMatches } from '../../worker/auth/account-rules';

describe('setup token', () => {
  it('matches only the configured token', () => {
    expect(setupTokenMatches('s3cret-token', 's3cret-token')).toBe(true);
    expect(setupTokenMatches('s3cret-token', 's3cret-tokeN')).toBe(false);
    expect(setupTokenMatches('s3cret-token', 's3cret')).toBe(false);
  });

  it('matches nothing when no token (or a blank one) is configured, not even an empty answer', () => {
    expect(setupTokenMatches(undefined, '')).toBe(false);
    expect(setupTokenMatches('  ', '')).toBe(false);
    expect(setupTokenMatches('', '')).toBe(false);
  });

  it('offers setup only with a token and while no admin exists', () => {
    expect(setupOpen('token', false)).toBe(true);
    expect(setupOpen('token', true)).toBe(false);
    expect(setupOpen(undefined, false)).toBe(false);
    expect(setupOpen('', false)).toBe(false);
  });
});
