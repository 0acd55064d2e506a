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
  | 'customers'
  | 'visits'
  | 'leads'
  | 'deals'
  | 'contracts'
  | 'orders'
  | 'renewals'
  | 'tasks'
  | 'escalations'
  | 'users'
  | 'points'
  | 'imports';

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
    orders: 'own',
    renewals: 'own',
    tasks: 'city',
    escalations: 'own',
    users: 'none',
    points: 'region',
    imports: 'none',
  },
  manager: {
    customers: 'region',
    visits: 'region',
    leads: 'region',
    deals: 'region',
    contracts: 'region',
    orders: 'region',
    renewals: 'region',
    tasks: 'region',
    escalations: 'region',
    users: 'region',
    points: 'region',
    imports: 'region',
  },
  director: {
    customers: 'all',
    visits: 'all',
    leads: 'all',
    deals: 'all',
    contracts: 'all',
    orders: 'all',
    renewals: 'all',
    tasks: 'all',
    escalations: 'all',
    users: 'all',
    points: 'all',
    imports: 'none',
  },
  // HQ operations runs settings and users, not the sales book.
  admin: {
    customers: 'none',
    visits: 'none',
    leads: 'none',
    deals: 'none',
    contracts: 'none',
    orders: 'none',
    renewals: 'none',
    tasks: 'none',
    escalations: 'none',
    users: 'all',
    points: 'none',
    imports: 'all',
  },
  // Business and legal prepare renewals: they read their region's customers and contracts only.
  business: {
    customers: 'region',
    visits: 'none',
    leads: 'none',
    deals: 'none',
    contracts: 'region',
    orders: 'region',
    renewals: 'region',
    tasks: 'none',
    escalations: 'none',
    users: 'none',
    points: 'none',
    imports: 'none',
  },
  legal: {
    customers: 'region',
    visits: 'none',
    leads: 'none',
    deals: 'none',
    contracts: 'region',
    orders: 'region',
    renewals: 'region',
    tasks: 'none',
    escalations: 'none',
    users: 'none',
    points: 'none',
    imports: 'none',
  },
};

/**
 * Who may create and change records (reading is `REACH`). A rep keeps their own book; a manager
 * the region's; business and legal edit their region's contracts only; the director everything.
 * A renewal-preparation checklist is ticked by whoever reads the list (its contract's scope).
 * Admins configure the product (stage gates, users) but do not edit the sales book.
 */
type EditableResource = 'customers' | 'leads' | 'deals' | 'contracts' | 'orders' | 'renewals';

const EDIT_REACH: Record<Role, Record<EditableResource, Reach>> = {
  rep: {
    customers: 'own',
    leads: 'own',
    deals: 'own',
    contracts: 'own',
    orders: 'own',
    renewals: 'own',
  },
  manager: {
    customers: 'region',
    leads: 'region',
    deals: 'region',
    contracts: 'region',
    orders: 'region',
    renewals: 'region',
  },
  director: {
    customers: 'all',
    leads: 'all',
    deals: 'all',
    contracts: 'all',
    orders: 'all',
    renewals: 'all',
  },
  admin: {
    customers: 'none',
    leads: 'none',
    deals: 'none',
    contracts: 'none',
    orders: 'none',
    renewals: 'none',
  },
  business: {
    customers: 'none',
    leads: 'none',
    deals: 'none',
    contracts: 'region',
    orders: 'none',
    renewals: 'region',
  },
  legal: {
    customers: 'none',
    leads: 'none',
    deals: 'none',
    contracts: 'region',
    orders: 'none',
    renewals: 'region',
  },
};

export function scopeOf(viewer: Viewer, resource: Resource): Scope {
  return scopeOfReach(viewer, REACH[viewer.role][resource]);
}

/** The records of `resource` the viewer may create or change (a subset of what they may read). */
export function editScopeOf(viewer: Viewer, resource: EditableResource): Scope {
  return scopeOfReach(viewer, EDIT_REACH[viewer.role][resource]);
}

export type { EditableResource };

/** Whether the viewer may create or change any record of `resource` (the "New" buttons and forms). */
export function mayEdit(viewer: Viewer, resource: EditableResource): boolean {
  return EDIT_REACH[viewer.role][resource] !== 'none';
}

/**
 * Where the viewer may put a new record, or move one to: a rep only into their own city and book,
 * a manager anywhere in the region, the director anywhere. `ownerId` is who will own it.
 */
export function mayPlaceRecord(
  viewer: Viewer,
  resource: EditableResource,
  place: { regionId: string; cityId: string | null; ownerId: string },
): boolean {
  if (!mayEditRecord(viewer, resource, place)) return false;
  // A rep's record also stays in the rep's own region and city.
  return (
    editScopeOf(viewer, resource).kind !== 'own' ||
    (place.regionId === viewer.regionId &&
      (place.cityId === null || place.cityId === viewer.cityId))
  );
}

/** Whether the viewer may change this record (the pure twin of `inEditScope`, for showing edit controls). */
export function mayEditRecord(
  viewer: Viewer,
  resource: EditableResource,
  record: { regionId: string; cityId: string | null; ownerId: string },
): boolean {
  const scope = editScopeOf(viewer, resource);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'region':
      return record.regionId === scope.regionId;
    case 'city':
      return record.cityId === scope.cityId;
    case 'own':
      return record.ownerId === scope.userId;
    case 'none':
      return false;
  }
}

function scopeOfReach(viewer: Viewer, reach: Reach): Scope {
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
 * Whether the viewer may read any record of `resource` at all: export it as CSV, or see those
 * attached to a customer in scope listed with it (a rep sees their customer's whole visit
 * history; business and legal, whose visits and deals reach is none, see only contracts).
 */
export function mayReadAny(viewer: Viewer, resource: Resource): boolean {
  return REACH[viewer.role][resource] !== 'none';
}

/** Features gated by role rather than by record scope. */
export type Capability =
  | 'administer'
  | 'watchRegionWall'
  | 'browseCustomers'
  | 'browseLeads'
  | 'browseContracts'
  | 'browseRenewals'
  | 'workAsRep'
  | 'reassignCustomers'
  | 'manageTeam'
  | 'seeLeaderboard'
  | 'importRecords'
  | 'seeRegionAnalytics'
  | 'compareRegions';

const CAPABILITIES: Record<Capability, readonly Role[]> = {
  administer: ['admin'],
  watchRegionWall: ['manager', 'director'],
  browseCustomers: ['rep', 'manager', 'director', 'business', 'legal'],
  // The list of all leads (open, converted, disqualified): the reps who work them and their managers.
  browseLeads: ['rep', 'manager', 'director'],
  // Everyone with contracts in their scope (admins configure, they do not read the book).
  browseContracts: ['rep', 'manager', 'director', 'business', 'legal'],
  // The renewals list in the menu: those who prepare renewals and their managers (a rep opens
  // their own lists from the notification; the page answers every role with renewals in scope).
  browseRenewals: ['manager', 'director', 'business', 'legal'],
  // Logging visits and working leads is the rep's job; managers watch and reassign.
  workAsRep: ['rep'],
  // Moving a book between reps is a manager's call (a rep who leaves, a territory change).
  reassignCustomers: ['manager', 'director'],
  // A manager moves their region's reps between cities and marks them active; users in scope.
  manageTeam: ['manager', 'director'],
  // Points reward field work: the reps who earn them and the managers who recognise them.
  seeLeaderboard: ['rep', 'manager', 'director'],
  // CSV import of the book and of users: HQ operations anywhere, a manager into their own region.
  importRecords: ['admin', 'manager'],
  // The heatmap of one's region (menu entry /manager); the director compares regions at /director.
  seeRegionAnalytics: ['manager'],
  compareRegions: ['director'],
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

/**
 * Who may deactivate a user (and hand their work over): an admin anyone but themselves; a manager
 * the reps of their own region. Reactivating is the admin's alone.
 */
export function mayDeactivateUser(
  viewer: Viewer,
  user: { id: string; role: Role; regionId: string | null },
): boolean {
  if (user.id === viewer.id) return false;
  if (viewer.role === 'admin') return true;
  return viewer.role === 'manager' && user.role === 'rep' && user.regionId === viewer.regionId;
}

/**
 * The reach a leaver's hand-over acts with: the region manager's edit scope over the leaver's
 * region, whoever deactivates (an admin edits no sales book of their own). `mayDeactivateUser`
 * is what authorises it; the audit entries still name the person who did it.
 */
export function handOverViewer(actorId: string, leaverRegionId: string | null): Viewer {
  return { id: actorId, role: 'manager', regionId: leaverRegionId, cityId: null };
}

/** Whether the viewer may import into `regionId` (and see that region's imports): see `importRecords`. */
export function mayImportInto(viewer: Viewer, regionId: string): boolean {
  if (viewer.role === 'admin') return true;
  return viewer.role === 'manager' && viewer.regionId === regionId;
}

/** The roles a users import by the viewer may create or change: a manager only their reps. */
export function importableRoles(viewer: Viewer): readonly Role[] {
  if (viewer.role === 'admin') return ['rep', 'manager', 'business', 'legal'];
  return viewer.role === 'manager' ? ['rep'] : [];
}

/** Where each role lands after sign-in. */
export function homePathFor(role: Role): string {
  if (role === 'admin') return '/admin/api-tokens';
  if (role === 'manager' || role === 'director') return '/manager/wall';
  if (role === 'rep') return '/rep';
  // Business and legal prepare renewals: their work starts from the contracts ending soonest.
  return '/contracts';
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
