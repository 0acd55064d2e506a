/**
 * SQL conditions for the rule table in `policy.ts`. Every query that reads a sales record adds
 * `inScope(viewer, resource)`; a record outside it is simply not found (404), so its existence
 * does not leak.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import {
  cities,
  contracts,
  customers,
  deals,
  escalations,
  imports,
  leads,
  orders,
  pointAwards,
  tasks,
  users,
  visits,
} from '../db/schema';
import {
  editScopeOf,
  scopeOf,
  type EditableResource,
  type Resource,
  type Scope,
  type Viewer,
} from './policy';

type ScopeColumns = { region: SQLiteColumn; city?: SQLiteColumn; owner?: SQLiteColumn };

const COLUMNS: Record<Resource, ScopeColumns> = {
  customers: { region: customers.regionId, city: customers.cityId, owner: customers.ownerId },
  visits: { region: visits.regionId, city: visits.cityId, owner: visits.repId },
  leads: { region: leads.regionId, city: leads.cityId, owner: leads.assigneeId },
  deals: { region: deals.regionId, city: deals.cityId, owner: deals.ownerId },
  contracts: { region: contracts.regionId, owner: contracts.ownerId },
  orders: { region: orders.regionId, owner: orders.ownerId },
  // A renewal-preparation list is read through its contract (queries join it).
  renewals: { region: contracts.regionId, owner: contracts.ownerId },
  tasks: { region: tasks.regionId, city: tasks.cityId },
  escalations: { region: escalations.regionId, owner: escalations.ownerId },
  users: { region: users.regionId, city: users.cityId, owner: users.id },
  points: { region: pointAwards.regionId, city: pointAwards.cityId, owner: pointAwards.userId },
  imports: { region: imports.regionId, owner: imports.uploadedBy },
};

const NOTHING = sql`0 = 1`;

export function inScope(viewer: Viewer, resource: Resource): SQL | undefined {
  return scopeCondition(scopeOf(viewer, resource), COLUMNS[resource]);
}

/** The records of `resource` the viewer may change: `where` for every update of the sales book. */
export function inEditScope(viewer: Viewer, resource: EditableResource): SQL | undefined {
  return scopeCondition(editScopeOf(viewer, resource), COLUMNS[resource]);
}

/**
 * Where the viewer may put a new record of `resource` (the form's choices; `mayPlaceRecord`
 * still checks what is submitted): the cities, and the reps who may own it.
 */
export function placeableCities(viewer: Viewer, resource: EditableResource): SQL | undefined {
  const scope = editScopeOf(viewer, resource);
  return scope.kind === 'own'
    ? viewer.cityId
      ? eq(cities.id, viewer.cityId)
      : NOTHING
    : scopeCondition(scope, { region: cities.regionId, city: cities.id });
}

export function placeableOwners(viewer: Viewer, resource: EditableResource): SQL | undefined {
  return and(
    eq(users.role, 'rep'),
    eq(users.active, true),
    scopeCondition(editScopeOf(viewer, resource), COLUMNS.users),
  );
}

/** `where` for one record by id that the viewer may change. */
export function editableById(
  viewer: Viewer,
  resource: EditableResource,
  idColumn: SQLiteColumn,
  id: string,
): SQL | undefined {
  return and(eq(idColumn, id), inEditScope(viewer, resource));
}

function scopeCondition(scope: Scope, columns: ScopeColumns): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'region':
      return eq(columns.region, scope.regionId);
    case 'city':
      return columns.city ? eq(columns.city, scope.cityId) : NOTHING;
    case 'own':
      return columns.owner ? eq(columns.owner, scope.userId) : NOTHING;
    case 'none':
      return NOTHING;
  }
}

/** `where` for one record by id, within scope. */
export function scopedById(
  viewer: Viewer,
  resource: Resource,
  idColumn: SQLiteColumn,
  id: string,
): SQL | undefined {
  return and(eq(idColumn, id), inScope(viewer, resource));
}

/** Condition on a region-id column: which regions' aggregates (walls, reports) the viewer may see. */
export function regionsInScope(
  viewer: Viewer,
  resource: Resource,
  regionIdColumn: SQLiteColumn,
): SQL | undefined {
  const scope = scopeOf(viewer, resource);
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'region') return eq(regionIdColumn, scope.regionId);
  return NOTHING;
}
