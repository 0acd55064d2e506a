import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_TOKEN_TTL_MS,
  accountTokenUsable,
  setupOpen,
  setupTokenMatches,
} from '../../worker/auth/account-rules';
import { placementErrors } from '../../worker/admin/user-input';

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

describe('one-time account links', () => {
  const issuedAt = Date.UTC(2026, 10, 23, 8, 0);
  it('invitations last 7 days and resets 1 hour', () => {
    expect(ACCOUNT_TOKEN_TTL_MS.invite).toBe(7 * 24 * 3_600_000);
    expect(ACCOUNT_TOKEN_TTL_MS.reset).toBe(3_600_000);
  });

  it('work until they expire, and never once used', () => {
    const link = { usedAt: null, expiresAt: issuedAt + ACCOUNT_TOKEN_TTL_MS.reset };
    expect(accountTokenUsable(link, issuedAt + 59 * 60_000)).toBe(true);
    expect(accountTokenUsable(link, issuedAt + 60 * 60_000)).toBe(false);
    expect(accountTokenUsable({ ...link, usedAt: issuedAt + 1 }, issuedAt + 2)).toBe(false);
  });
});

describe('where a user sits', () => {
  it('reps need a region and a city inside it; managers a region; directors and admins neither', () => {
    expect(
      placementErrors({ role: 'rep', regionId: 'r1', cityId: null, cityRegionId: null }),
    ).toEqual({ cityId: 'users.cityRequired' });
    expect(
      placementErrors({ role: 'rep', regionId: 'r1', cityId: 'c9', cityRegionId: 'r2' }),
    ).toEqual({ cityId: 'users.cityOutsideRegion' });
    expect(
      placementErrors({ role: 'rep', regionId: 'r1', cityId: 'c1', cityRegionId: 'r1' }),
    ).toEqual({});
    expect(
      placementErrors({ role: 'manager', regionId: null, cityId: null, cityRegionId: null }),
    ).toEqual({ regionId: 'users.regionRequired' });
    expect(
      placementErrors({ role: 'legal', regionId: null, cityId: null, cityRegionId: null }),
    ).toEqual({ regionId: 'users.regionRequired' });
    expect(
      placementErrors({ role: 'director', regionId: null, cityId: null, cityRegionId: null }),
    ).toEqual({});
  });
});
