/** Check-in verification (docs/rules.md#check-in-verification): within 500 m of the customer is verified, farther is out of range, no position is unverified. */

export const CHECK_IN_RADIUS_M = 500;
const EARTH_RADIUS_M = 6_371_008.8;

export type Position = { lat: number; lng: number };
export type CheckInStatus = 'verified' | 'out_of_range' | 'unverified';

/** Great-circle distance in metres (haversine). */
export function distanceMeters(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Nothing blocks the rep: a missing position (or a customer without a location to compare with)
 * is recorded as unverified, never refused.
 */
export function verifyCheckIn(
  checkIn: Position | null,
  customer: Position | null,
): { status: CheckInStatus; distanceM: number | null } {
  if (!checkIn || !customer) return { status: 'unverified', distanceM: null };
  const distanceM = Math.round(distanceMeters(checkIn, customer));
  return { status: distanceM <= CHECK_IN_RADIUS_M ? 'verified' : 'out_of_range', distanceM };
}
