/**
 * Moving customers to another rep in one step: each customer's owner, its open deals, open
 * leads, draft/active contracts and open orders go to the new rep in one batch with one audit
 * entry per customer; then the region walls hand the moved work's timers to the new rep. A repeat
 * changes nothing in D1 and re-sends the timers, so re-submitting is safe.
 */
import { and, eq, gte, inArray, isNotNull, isNull, notInArray, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Database } from '../platform/db/client';
import { contracts, customers, deals, leads, orders, users, visits } from '../platform/db/schema';
import type { Role } from '../platform/db/schema';
import { aliased } from '../platform/db/aliased';
import type { Viewer } from '../platform/access/policy';
import { inEditScope } from '../platform/access/scope';
import { recordChange } from '../platform/audit/record-change';
import { regionWall } from '../tasks/wall';
import type { TimerKind } from '../../durable-objects/region-wall/timer-kinds';
import { outOfScope, reassignRefusal, type ReassignRefusal } from './reassign-rules';
import { OPEN_LEAD_STATUSES } from '../leads/lead-tabs';

/**
 * `column in ids` with the ids as one JSON parameter: a hundred customers would pass D1's limit
 * of 100 bound parameters as a plain `in (…)` list.
 */
const inIds = (column: SQLiteColumn, ids: readonly string[]) =>
  sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`;

/**
 * A commitment's timer fires 15 minutes past its due time and is then gone; looking back an hour
 * also moves one whose alarm runs late.
 */
const COMMITMENT_GRACE_MS = 60 * 60_000;

export const REASSIGN_MAX_CUSTOMERS = 100;

/** The work that is still open, and so follows its customer (or its leaver) to a new owner. */
export const stillOpen = {
  deal: () => and(notInArray(deals.stage, ['won', 'lost']), isNull(deals.archivedAt)),
  lead: () => inArray(leads.status, [...OPEN_LEAD_STATUSES]),
  contract: () =>
    and(
      inArray(contracts.status, ['draft', 'in_approval', 'active']),
      isNull(contracts.archivedAt),
    ),
  order: () => and(eq(orders.status, 'placed'), isNull(orders.archivedAt)),
  // Promises made on visits still running: their commitment timers follow the customer.
  commitment: (now: number) =>
    and(isNotNull(visits.commitmentDueAt), gte(visits.commitmentDueAt, now - COMMITMENT_GRACE_MS)),
};

export type ReassignResult =
  | { ok: false; refusal: ReassignRefusal }
  | {
      ok: true;
      to: { id: string; name: string };
      moved: string[];
      alreadyTheirs: string[];
      outOfScope: string[];
    };

export async function reassignCustomers(
  db: Database,
  env: Env,
  viewer: Viewer & { id: string },
  customerIds: readonly string[],
  toUserId: string,
  now: number,
  targetRoles?: readonly Role[],
): Promise<ReassignResult> {
  const ids = [...new Set(customerIds)];
  const [targetRows, editable] = await db.batch([
    db
      .select({
        id: users.id,
        name: users.name,
        role: users.role,
        regionId: users.regionId,
        cityId: users.cityId,
        active: users.active,
      })
      .from(users)
      .where(eq(users.id, toUserId))
      .limit(1),
    db
      .select({
        id: customers.id,
        regionId: customers.regionId,
        ownerId: customers.ownerId,
        ownerName: aliased(users.name, 'owner_name'),
      })
      .from(customers)
      .innerJoin(users, eq(users.id, customers.ownerId))
      .where(and(inIds(customers.id, ids), inEditScope(viewer, 'customers'))),
  ]);
  const target = targetRows[0] ?? null;
  const refusal = reassignRefusal(viewer, target, editable, targetRoles);
  if (refusal || !target) return { ok: false, refusal: refusal! };
  const skipped = outOfScope(ids, editable);
  if (editable.length === 0)
    return { ok: true, to: target, moved: [], alreadyTheirs: [], outOfScope: skipped };

  const inScopeIds = editable.map((customer) => customer.id);
  const moving = editable.filter((customer) => customer.ownerId !== target.id);
  const [, movedDeals, movedLeads, , , openCommitments] = await db.batch([
    db
      .update(customers)
      .set({ ownerId: target.id, updatedAt: now })
      .where(and(inIds(customers.id, inScopeIds), inEditScope(viewer, 'customers'))),
    db
      .update(deals)
      .set({ ownerId: target.id })
      .where(and(inIds(deals.customerId, inScopeIds), stillOpen.deal()))
      .returning({ id: deals.id, regionId: deals.regionId }),
    db
      .update(leads)
      .set({ assigneeId: target.id, updatedAt: now })
      .where(and(inIds(leads.customerId, inScopeIds), stillOpen.lead()))
      .returning({ id: leads.id, regionId: leads.regionId }),
    db
      .update(contracts)
      .set({ ownerId: target.id, updatedAt: now })
      .where(and(inIds(contracts.customerId, inScopeIds), stillOpen.contract())),
    db
      .update(orders)
      .set({ ownerId: target.id, updatedAt: now })
      .where(and(inIds(orders.customerId, inScopeIds), stillOpen.order())),
    db
      .select({ id: visits.id, regionId: visits.regionId })
      .from(visits)
      .where(and(inIds(visits.customerId, inScopeIds), stillOpen.commitment(now))),
    ...moving.map((customer) =>
      recordChange(db, {
        actorId: viewer.id,
        action: 'customer.reassigned',
        subjectType: 'customer',
        subjectId: customer.id,
        customerId: customer.id,
        before: { ownerId: customer.ownerId, owner: customer.ownerName },
        after: { ownerId: target.id, owner: target.name },
        now,
      }),
    ),
  ]);

  // The book has moved either way; a wall that misses this is fixed by submitting again.
  await moveTimers(env, target.id, [
    ...movedDeals.map((deal) => ({ kind: 'stale_deal' as const, ...deal })),
    ...movedLeads.map((lead) => ({ kind: 'lead_first_touch' as const, ...lead })),
    ...openCommitments.map((visit) => ({ kind: 'commitment' as const, ...visit })),
  ]).catch((error: unknown) => console.error('moving timers after a reassignment failed', error));
  return {
    ok: true,
    to: { id: target.id, name: target.name },
    moved: moving.map((customer) => customer.id),
    alreadyTheirs: editable
      .filter((customer) => customer.ownerId === target.id)
      .map((customer) => customer.id),
    outOfScope: skipped,
  };
}

/** Each region's wall gives the subjects' timers to the new owner (one call per region). */
export async function moveTimers(
  env: Env,
  ownerId: string,
  subjects: { kind: TimerKind; id: string; regionId: string | null }[],
): Promise<void> {
  const byRegion = new Map<string, { kind: TimerKind; subjectId: string }[]>();
  for (const subject of subjects) {
    if (!subject.regionId) continue;
    const list = byRegion.get(subject.regionId) ?? [];
    list.push({ kind: subject.kind, subjectId: subject.id });
    byRegion.set(subject.regionId, list);
  }
  await Promise.all(
    [...byRegion].map(([regionId, list]) =>
      regionWall(env, regionId).reassignTimers(list, ownerId),
    ),
  );
}
