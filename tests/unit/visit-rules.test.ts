import { describe, expect, it } from 'vitest';
import {
  aciMusts,
  actionConsistencyIndex,
  aciPercent,
  meetsAllMusts,
} from '../../worker/visits/aci';
import { CHECK_IN_RADIUS_M, distanceMeters, verifyCheckIn } from '../../worker/visits/check-in';

const customer = { lat: 31.2304, lng: 121.4737 };
/** A point `metres` due north of the customer. */
const north = (metres: number) => ({ lat: customer.lat + metres / 111_194.9, lng: customer.lng });

describe('check-in verification', () => {
  it('measures great-circle distance', () => {
    expect(distanceMeters(customer, north(1000))).toBeCloseTo(1000, 0);
    // Shanghai to Beijing is about 1,067 km.
    expect(distanceMeters(customer, { lat: 39.9042, lng: 116.4074 }) / 1000).toBeCloseTo(1067, -1);
  });

  it('verifies at 499 m and calls 501 m out of range', () => {
    expect(verifyCheckIn(north(499), customer)).toEqual({ status: 'verified', distanceM: 499 });
    expect(verifyCheckIn(north(501), customer)).toEqual({ status: 'out_of_range', distanceM: 501 });
    expect(CHECK_IN_RADIUS_M).toBe(500);
  });

  it('records a missing position, or a customer without a location, as unverified', () => {
    expect(verifyCheckIn(null, customer)).toEqual({ status: 'unverified', distanceM: null });
    expect(verifyCheckIn(north(10), null)).toEqual({ status: 'unverified', distanceM: null });
  });
});

describe('action consistency', () => {
  const complete = {
    nextFollowUpAt: 1,
    photoKey: null,
    checkInStatus: 'verified' as const,
    dealId: 'd',
    stageReached: 'propose',
  };

  it('needs a next follow-up, on-site evidence and a deal stage', () => {
    expect(meetsAllMusts(aciMusts(complete))).toBe(true);
    expect(aciMusts({ ...complete, nextFollowUpAt: null }).nextFollowUp).toBe(false);
    expect(aciMusts({ ...complete, checkInStatus: 'out_of_range' }).evidence).toBe(false);
    expect(
      aciMusts({ ...complete, checkInStatus: 'unverified', photoKey: 'photos/x.jpg' }).evidence,
    ).toBe(true);
    expect(aciMusts({ ...complete, stageReached: null }).stage).toBe(false);
  });

  it('is the share of records meeting all three', () => {
    const good = aciMusts(complete);
    const bad = aciMusts({ ...complete, dealId: null });
    expect(actionConsistencyIndex([good, good, good, bad])).toBe(0.75);
    expect(actionConsistencyIndex([])).toBe(1);
    expect(aciPercent(3, 2)).toBe(67);
  });
});
