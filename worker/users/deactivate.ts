/**
 * A leaver: deactivating a user revokes their access at once and hands every open item they hold
 * to a successor, in one audited operation that is safe to repeat — each step moves "whatever the
 * leaver still holds", so a second submit (or a retry after a failure half-way) finds nothing left
 * and lands on the same result.
 *
 * Order: access first (inactive, sessions deleted, API tokens revoked, open escalations handed on
 * — one batch with the audit entry), then the customers through the reassignment use case (their
 * open deals, leads, contracts, orders and timers follow), then what the leaver holds on other
 * people's customers, then claimed wall tasks through the region's wall.
 */
import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import {
  apiTokens,
  contracts,
  customers,
  deals,
  escalations,
  leads,
  orders,
  sessions,
  tasks,
  users,
  visits,
} from '../platform/db/schema';
import type { SignedInUser } from '../platform/app-env';
import { handOverViewer, mayDeactivateUser, type Viewer } from '../platform/access/policy';
import { auditIfMatches } from '../platform/audit/audit-if-matches';
import { forgetSessionsOf } from '../auth/session-cache';
import {
  moveTimers,
  reassignCustomers,
  REASSIGN_MAX_CUSTOMERS,
  stillOpen,
} from '../customers/reassign';
import { actorOf, regionWall } from '../tasks/wall';
import {
  handOverRefusal,
  successorChoices,
  SUCCESSOR_ROLES,
  type HandOverRefusal,
  type OpenWork,
  type Person,
} from './hand-over';

const OPEN_ESCALATION = ['open', 'acknowledged'] as const;

const personColumns = {
  id: users.id,
  name: users.name,
  role: users.role,
  regionId: users.regionId,
  cityId: users.cityId,
  active: users.active,
};

export type HandOver = { leaver: Person; work: OpenWork; choices: Person[] };

/**
 * The leaver, what they still hold and who may take it over, in one batch; null when the viewer
 * may not deactivate them (or they do not exist): the caller answers 404.
 */
export async function loadHandOver(
  db: Database,
  viewer: Viewer,
  leaverId: string,
): Promise<HandOver | null> {
  const counted = (rows: { n: number }[]) => rows[0]?.n ?? 0;
  const [
    leaverRows,
    people,
    customerCount,
    leadCount,
    dealCount,
    contractCount,
    orderCount,
    taskCount,
    escalationCount,
  ] = await db.batch([
    db.select(personColumns).from(users).where(eq(users.id, leaverId)).limit(1),
    db
      .select(personColumns)
      .from(users)
      .where(
        and(
          eq(users.active, true),
          inArray(users.role, SUCCESSOR_ROLES),
          eq(
            users.regionId,
            db.select({ r: users.regionId }).from(users).where(eq(users.id, leaverId)),
          ),
        ),
      ),
    db
      .select({ n: count() })
      .from(customers)
      .where(and(eq(customers.ownerId, leaverId), isNull(customers.archivedAt))),
    db
      .select({ n: count() })
      .from(leads)
      .where(and(eq(leads.assigneeId, leaverId), stillOpen.lead())),
    db
      .select({ n: count() })
      .from(deals)
      .where(and(eq(deals.ownerId, leaverId), stillOpen.deal())),
    db
      .select({ n: count() })
      .from(contracts)
      .where(and(eq(contracts.ownerId, leaverId), stillOpen.contract())),
    db
      .select({ n: count() })
      .from(orders)
      .where(and(eq(orders.ownerId, leaverId), stillOpen.order())),
    db
      .select({ n: count() })
      .from(tasks)
      .where(and(eq(tasks.claimedBy, leaverId), eq(tasks.status, 'claimed'))),
    db
      .select({ n: count() })
      .from(escalations)
      .where(and(eq(escalations.ownerId, leaverId), inArray(escalations.status, OPEN_ESCALATION))),
  ]);
  const leaver = leaverRows[0];
  if (!leaver || !mayDeactivateUser(viewer, leaver)) return null;
  return {
    leaver,
    work: {
      customers: counted(customerCount),
      leads: counted(leadCount),
      deals: counted(dealCount),
      contracts: counted(contractCount),
      orders: counted(orderCount),
      tasks: counted(taskCount),
      escalations: counted(escalationCount),
    },
    choices: successorChoices(leaver, people),
  };
}

export type DeactivateResult =
  | { ok: false; code: 'not_found' }
  | { ok: false; code: HandOverRefusal; handOver: HandOver }
  | { ok: true };

export async function deactivateUser(
  db: Database,
  env: Env,
  actor: SignedInUser,
  leaverId: string,
  successorId: string | null,
  now: number,
): Promise<DeactivateResult> {
  const handOver = await loadHandOver(db, actor, leaverId);
  if (!handOver) return { ok: false, code: 'not_found' };
  const { leaver, work } = handOver;
  const successor = handOver.choices.find((person) => person.id === successorId) ?? null;
  const refusal = handOverRefusal(work, successorId, successor);
  if (refusal) return { ok: false, code: refusal, handOver };

  const activeLeaver = and(eq(users.id, leaver.id), eq(users.active, true));
  const [book] = await db.batch([
    // Every customer of the leaver (archived ones too), for the hand-over below.
    db.select({ id: customers.id }).from(customers).where(eq(customers.ownerId, leaver.id)),
    // Written only by the submit that deactivates: a repeat adds no second entry.
    auditIfMatches(
      db,
      {
        actorId: actor.id,
        action: 'user.deactivated',
        subjectType: 'user',
        detail: {
          before: { active: true },
          after: { active: false, successor: successor?.name ?? null },
        },
        now,
      },
      { table: users, id: users.id, where: activeLeaver },
    ),
    db.update(users).set({ active: false }).where(eq(users.id, leaver.id)),
    db.delete(sessions).where(eq(sessions.userId, leaver.id)),
    db
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.userId, leaver.id), isNull(apiTokens.revokedAt))),
    ...(successor
      ? [
          db
            .update(escalations)
            .set({ ownerId: successor.id })
            .where(
              and(eq(escalations.ownerId, leaver.id), inArray(escalations.status, OPEN_ESCALATION)),
            ),
          // Whose lead or deal it is: the successor's now, as the subject itself moves below.
          db
            .update(escalations)
            .set({ subjectOwnerId: successor.id })
            .where(
              and(
                eq(escalations.subjectOwnerId, leaver.id),
                inArray(escalations.status, OPEN_ESCALATION),
              ),
            ),
        ]
      : []),
  ]);
  forgetSessionsOf(leaver.id);
  if (!successor) return { ok: true };

  await handOverCustomers(
    db,
    env,
    actor.id,
    leaver,
    book.map((customer) => customer.id),
    successor.id,
    now,
  );
  await handOverLeftovers(db, env, leaver.id, successor.id, now);
  await handOverWallTasks(env, actor, leaver, successor, now);
  return { ok: true };
}

/** The leaver's customers, through the reassignment use case (a chunk per round trip). */
async function handOverCustomers(
  db: Database,
  env: Env,
  actorId: string,
  leaver: Person,
  bookIds: readonly string[],
  successorId: string,
  now: number,
) {
  const viewer = handOverViewer(actorId, leaver.regionId);
  for (let start = 0; start < bookIds.length; start += REASSIGN_MAX_CUSTOMERS) {
    const ids = bookIds.slice(start, start + REASSIGN_MAX_CUSTOMERS);
    const result = await reassignCustomers(db, env, viewer, ids, successorId, now, SUCCESSOR_ROLES);
    if (!result.ok) throw new Error(`hand-over refused: ${result.refusal.code}`);
  }
}

/**
 * What the leaver holds on customers they do not own (a deal on a colleague's customer, a lead
 * with no customer yet): moved by owner, and their timers with them.
 */
async function handOverLeftovers(
  db: Database,
  env: Env,
  leaverId: string,
  successorId: string,
  now: number,
) {
  const [movedDeals, movedLeads, , , commitments] = await db.batch([
    db
      .update(deals)
      .set({ ownerId: successorId })
      .where(and(eq(deals.ownerId, leaverId), stillOpen.deal()))
      .returning({ id: deals.id, regionId: deals.regionId }),
    db
      .update(leads)
      .set({ assigneeId: successorId, updatedAt: now })
      .where(and(eq(leads.assigneeId, leaverId), stillOpen.lead()))
      .returning({ id: leads.id, regionId: leads.regionId }),
    db
      .update(contracts)
      .set({ ownerId: successorId, updatedAt: now })
      .where(and(eq(contracts.ownerId, leaverId), stillOpen.contract())),
    db
      .update(orders)
      .set({ ownerId: successorId, updatedAt: now })
      .where(and(eq(orders.ownerId, leaverId), stillOpen.order())),
    // The leaver's own promises on visits: the visit stays theirs, the reminder goes on.
    db
      .select({ id: visits.id, regionId: visits.regionId })
      .from(visits)
      .where(and(eq(visits.repId, leaverId), stillOpen.commitment(now))),
  ]);
  await moveTimers(env, successorId, [
    ...movedDeals.map((deal) => ({ kind: 'stale_deal' as const, ...deal })),
    ...movedLeads.map((lead) => ({ kind: 'lead_first_touch' as const, ...lead })),
    ...commitments.map((visit) => ({ kind: 'commitment' as const, ...visit })),
  ]);
}

/** Claimed wall tasks: to the successor when they are a rep of the task's city, else back on the wall. */
async function handOverWallTasks(
  env: Env,
  actor: SignedInUser,
  leaver: Person,
  successor: Person,
  now: number,
) {
  if (!leaver.regionId) return;
  const results = await regionWall(env, leaver.regionId).handOverClaimedTasks(
    leaver.id,
    actorOf(actor),
    { id: successor.id, name: successor.name, role: successor.role, cityId: successor.cityId },
    now,
  );
  for (const result of results)
    if (!result.ok) throw new Error(`a wall task was not handed over: ${result.code}`);
}

/** An admin gives a deactivated user back the ability to sign in; their old work stays where it went. */
export async function reactivateUser(
  db: Database,
  actor: { id: string },
  userId: string,
  now: number,
) {
  const inactive = and(eq(users.id, userId), eq(users.active, false));
  await db.batch([
    auditIfMatches(
      db,
      {
        actorId: actor.id,
        action: 'user.reactivated',
        subjectType: 'user',
        detail: { before: { active: false }, after: { active: true } },
        now,
      },
      { table: users, id: users.id, where: inactive },
    ),
    db.update(users).set({ active: true }).where(inactive),
  ]);
}
