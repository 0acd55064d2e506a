/**
 * What a region's reps have coming due, read set-based for the whole region: the follow-ups and
 * claimed wall tasks of their Today page (the same conditions, worker/rep/queries.ts) and the
 * commitments they made on visits. The morning digest and the due-soon nudges read these.
 */
import { and, eq, gte, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { aliased } from '../platform/db/aliased';
import type { Database } from '../platform/db/client';
import { customers, regions, tasks, users, visits } from '../platform/db/schema';
import { claimedTaskDueBefore, followUpDueBefore } from '../rep/queries';

export type DueItemKind = 'follow_up' | 'commitment' | 'task';

/** One due item; `rank` orders a rep's items of a kind by due time, `total` counts them. */
export type DueItem = {
  kind: DueItemKind;
  ownerId: string;
  itemId: string;
  /** The customer a follow-up or commitment is with (null for a task). */
  customerId: string | null;
  /** The customer's name (follow-ups, commitments) or the task's title. */
  title: string;
  titleZh: string | null;
  /** A commitment's promise, in the rep's words. */
  detail: string | null;
  dueAt: number;
  rank: number;
  total: number;
  overdue: number;
};

/** The region, with its zone and working hours. */
export async function regionForRun(db: Database, regionId: string) {
  const [region] = await db.select().from(regions).where(eq(regions.id, regionId)).limit(1);
  return region ?? null;
}

/** The active reps of a region, with their language: who receives digests and nudges. */
export function regionReps(db: Database, regionId: string) {
  return db
    .select({ id: users.id, locale: users.locale })
    .from(users)
    .where(and(eq(users.regionId, regionId), eq(users.role, 'rep'), eq(users.active, true)));
}

const repIdsOf = (db: Database, regionId: string) =>
  db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.regionId, regionId), eq(users.role, 'rep'), eq(users.active, true)));

/** Ranked within the owner's items, with their count and how many are due before `overdueBefore`. */
const windowed = (owner: SQLiteColumn, due: SQLiteColumn, overdueBefore: number) => ({
  rank: sql<number>`row_number() over (partition by ${owner} order by ${due}, 1)`.as('rank'),
  total: sql<number>`count(*) over (partition by ${owner})`.as('total'),
  overdue:
    sql<number>`sum(case when ${due} < ${overdueBefore} then 1 else 0 end) over (partition by ${owner})`.as(
      'overdue',
    ),
});

/**
 * The region's due items in `[from, to)` (`from` null: everything before `to`, overdue included;
 * commitments are then only those due from `commitmentsFrom`, since a commitment has no "kept"
 * mark to end it), at most `perRep` of each kind per rep, counted in full.
 */
export async function dueItems(
  db: Database,
  regionId: string,
  window: { from: number | null; to: number; commitmentsFrom: number; overdueBefore: number },
  perRep: number,
): Promise<DueItem[]> {
  const reps = repIdsOf(db, regionId);
  const from = (column: SQLiteColumn, at: number | null) =>
    at === null ? undefined : gte(column, at);
  const followUps = db
    .select({
      ownerId: customers.ownerId,
      itemId: customers.id,
      customerId: sql<string>`${customers.id}`.as('customer_id'),
      title: customers.name,
      dueAt: customers.nextFollowUpAt,
      ...windowed(customers.ownerId, customers.nextFollowUpAt, window.overdueBefore),
    })
    .from(customers)
    .where(
      and(
        eq(customers.regionId, regionId),
        inArray(customers.ownerId, reps),
        followUpDueBefore(window.to),
        from(customers.nextFollowUpAt, window.from),
      ),
    )
    .as('follow_ups');
  const commitments = db
    .select({
      ownerId: visits.repId,
      itemId: visits.id,
      customerId: visits.customerId,
      title: aliased(customers.name, 'customer_name'),
      detail: visits.commitmentText,
      dueAt: visits.commitmentDueAt,
      ...windowed(visits.repId, visits.commitmentDueAt, window.overdueBefore),
    })
    .from(visits)
    .innerJoin(customers, eq(customers.id, visits.customerId))
    .where(
      and(
        eq(visits.regionId, regionId),
        inArray(visits.repId, reps),
        isNotNull(visits.commitmentText),
        gte(visits.commitmentDueAt, Math.max(window.from ?? 0, window.commitmentsFrom)),
        lt(visits.commitmentDueAt, window.to),
        isNull(customers.archivedAt),
      ),
    )
    .as('commitments');
  const claimed = db
    .select({
      ownerId: sql<string>`${tasks.claimedBy}`.as('owner_id'),
      itemId: tasks.id,
      title: tasks.title,
      titleZh: tasks.titleZh,
      dueAt: tasks.dueAt,
      ...windowed(tasks.claimedBy, tasks.dueAt, window.overdueBefore),
    })
    .from(tasks)
    .where(
      and(
        eq(tasks.regionId, regionId),
        inArray(tasks.claimedBy, reps),
        claimedTaskDueBefore(window.to),
        from(tasks.dueAt, window.from),
      ),
    )
    .as('claimed');
  const [followUpRows, commitmentRows, taskRows] = await db.batch([
    db.select().from(followUps).where(lte(followUps.rank, perRep)),
    db.select().from(commitments).where(lte(commitments.rank, perRep)),
    db.select().from(claimed).where(lte(claimed.rank, perRep)),
  ]);
  return [
    ...followUpRows.map((row) => ({
      ...row,
      kind: 'follow_up' as const,
      titleZh: null,
      detail: null,
      dueAt: row.dueAt ?? 0,
    })),
    ...commitmentRows.map((row) => ({
      ...row,
      kind: 'commitment' as const,
      titleZh: null,
      dueAt: row.dueAt ?? 0,
    })),
    ...taskRows.map((row) => ({ ...row, kind: 'task' as const, customerId: null, detail: null })),
  ];
}
