/**
 * Who may see what: the one rule table of Fieldwall. Pure, so it is unit-tested without I/O;
 * `scope.ts` turns it into SQL conditions and is the only way routes filter records.
 */
import type { Role } from '../db/schema';

export type Viewer = {
  id: string;
  role: Role;
  regionId: string | null;
  cityId: string | null;
};

export type Resource =
  'customers' | 'visits' | 'leads' | 'deals' | 'contracts' | 'tasks' | 'escalations' | 'users';

export type Scope =
  | { kind: 'all' }
  | { kind: 'region'; regionId: string }
  | { kind: 'city'; cityId: string }
  | { kind: 'own'; userId: string }
  | { kind: 'none' };

type Reach = 'all' | 'region' | 'city' | 'own' | 'none';

const REACH: Record<Role, Record<Resource, Reach>> = {
  // A rep works their own book of business; wall tasks are shared by everyone in the city.
  rep: {
    customers: 'own',
    visits: 'own',
    leads: 'own',
    deals: 'own',
    contracts: 'own',
    tasks: 'city',
    escalations: 'own',
    users: 'none',
  },
  manager: {
    customers: 'region',
    visits: 'region',
    leads: 'region',
    deals: 'region',
    contracts: 'region',
    tasks: 'region',
    escalations: 'region',
    users: 'region',
  },
  director: {
    customers: 'all',
    visits: 'all',
    leads: 'all',
    deals: 'all',
    contracts: 'all',
    tasks: 'all',
    escalations: 'all',
    users: 'all',
  },
  // HQ operations runs settings and users, not the sales book.
  admin: {
    customers: 'none',
    visits: 'none',
    leads: 'none',
    deals: 'none',
    contracts: 'none',
    tasks: 'none',
    escalations: 'none',
    users: 'all',
  },
  // Business and legal prepare renewals: they read their region's customers and contracts only.
  business: {
    customers: 'region',
    visits: 'none',
    leads: 'none',
    deals: 'none',
    contracts: 'region',
    tasks: 'none',
    escalations: 'none',
    users: 'none',
  },
  legal: {
    customers: 'region',
    visits: 'none',
    leads: 'none',
    deals: 'none',
    contracts: 'region',
    tasks: 'none',
    escalations: 'none',
    users: 'none',
  },
};

export function scopeOf(viewer: Viewer, resource: Resource): Scope {
  const reach = REACH[viewer.role][resource];
  switch (reach) {
    case 'all':
      return { kind: 'all' };
    case 'own':
      return { kind: 'own', userId: viewer.id };
    // A user missing the region or city their role needs sees nothing rather than everything.
    case 'region':
      return viewer.regionId ? { kind: 'region', regionId: viewer.regionId } : { kind: 'none' };
    case 'city':
      return viewer.cityId ? { kind: 'city', cityId: viewer.cityId } : { kind: 'none' };
    case 'none':
      return { kind: 'none' };
  }
}

/**
 * Whether records of `resource` attached to a customer the viewer may see are shown with it
 * (a rep sees their customer's whole visit history; business and legal, whose visits and deals
 * reach is none, see only contracts).
 */
export function mayListOnCustomer(viewer: Viewer, resource: Resource): boolean {
  return REACH[viewer.role][resource] !== 'none';
}

/** Features gated by role rather than by record scope. */
export type Capability = 'administer' | 'watchRegionWall' | 'browseCustomers' | 'workAsRep';

const CAPABILITIES: Record<Capability, readonly Role[]> = {
  administer: ['admin'],
  watchRegionWall: ['manager', 'director'],
  browseCustomers: ['rep', 'manager', 'director', 'business', 'legal'],
  // Logging visits and working leads is the rep's job; managers watch and reassign.
  workAsRep: ['rep'],
};

export function can(viewer: Viewer, capability: Capability): boolean {
  return CAPABILITIES[capability].includes(viewer.role);
}

/** Who may be given an escalation: the people of its region who work it (business and legal never see the board). */
export const ESCALATION_OWNER_ROLES = ['manager', 'rep'] as const satisfies readonly Role[];

export function mayOwnEscalation(
  candidate: { role: Role; regionId: string | null },
  escalationRegionId: string,
): boolean {
  return (
    (ESCALATION_OWNER_ROLES as readonly Role[]).includes(candidate.role) &&
    candidate.regionId === escalationRegionId
  );
}

/** Where each role lands after sign-in. */
export function homePathFor(role: Role): string {
  if (role === 'admin') return '/admin/api-tokens';
  if (role === 'manager' || role === 'director') return '/manager/wall';
  if (role === 'rep') return '/rep';
  return '/customers';
}

/** Whether the viewer may watch or act on a region-level aggregate (a wall, a report) of `regionId`. */
export function mayReachRegion(viewer: Viewer, resource: Resource, regionId: string): boolean {
  const scope = scopeOf(viewer, resource);
  if (scope.kind === 'all') return true;
  if (scope.kind === 'region') return scope.regionId === regionId;
  // A rep's city scope lies within their own region.
  if (scope.kind === 'city') return viewer.regionId === regionId;
  return false;
}
