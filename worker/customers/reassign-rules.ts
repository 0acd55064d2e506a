/**
 * Who a book of customers may be moved to, pure: an active rep of the customers' region, placed
 * where the mover may put records (a manager: their region; the director: anywhere).
 */
import { mayPlaceRecord, type Viewer } from '../platform/access/policy';
import type { Role } from '../platform/db/schema';

export type ReassignTarget = {
  id: string;
  name: string;
  role: Role;
  regionId: string | null;
  cityId: string | null;
  active: boolean;
};

export type ReassignRefusal =
  | { code: 'target_not_rep'; message: string }
  | { code: 'target_outside_region'; message: string; targetName: string };

/**
 * Why the customers cannot go to `target`, or null when they may. A leaver's book may also go to
 * the region's manager (`targetRoles`), who holds it until handing it to a rep.
 */
export function reassignRefusal(
  viewer: Viewer,
  target: ReassignTarget | null,
  customers: readonly { regionId: string }[],
  targetRoles: readonly Role[] = ['rep'],
): ReassignRefusal | null {
  if (!target || !targetRoles.includes(target.role) || !target.active || !target.regionId)
    return { code: 'target_not_rep', message: 'Customers can be moved only to an active rep.' };
  const place = { regionId: target.regionId, cityId: null, ownerId: target.id };
  if (
    !mayPlaceRecord(viewer, 'customers', place) ||
    customers.some((customer) => customer.regionId !== target.regionId)
  )
    return {
      code: 'target_outside_region',
      message: `${target.name} is not a rep of the customers' region.`,
      targetName: target.name,
    };
  return null;
}

/** The requested ids the viewer may not change (missing or outside their edit scope): reported, not touched. */
export function outOfScope(requested: readonly string[], editable: readonly { id: string }[]) {
  const found = new Set(editable.map((customer) => customer.id));
  return [...new Set(requested)].filter((id) => !found.has(id));
}
