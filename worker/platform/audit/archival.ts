/**
 * Archiving (soft delete) and restoring a record of the sales book: the record's `archivedAt` is
 * set or cleared (with `updatedAt` where the table keeps one) and an audit entry
 * `<subject>.archived` / `<subject>.restored` goes on the customer's timeline, in one batch.
 */
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Database } from '../db/client';
import { contacts, contracts, customers, deals, orders } from '../db/schema';
import { auditIfMatches } from './audit-if-matches';
import { changedFields } from './record-change';
import type { Viewer } from '../access/policy';
import { editableById } from '../access/scope';

type ArchivableTable =
  typeof customers | typeof contacts | typeof deals | typeof contracts | typeof orders;
type Fields = Record<string, unknown>;
type ArchivableRecord = { id: string; customerId: string; archivedAt: number | null };
type ArchivalChange = {
  archive: boolean;
  subjectType: string;
  actorId: string;
  now: number;
  /** The verb of archiving in the audit action, when not `archived` (a contact is `removed`). */
  archiveVerb?: string;
  /** What the audit entry keeps instead of `archivedAt` before → after. */
  detail?: { before?: Fields; after?: Fields };
};

/**
 * Archives or restores the contract or order `id` when it is in the viewer's edit scope; null
 * when not (answered as not found).
 */
export async function setArchivedInEditScope(
  db: Database,
  viewer: Viewer,
  record:
    | { table: typeof contracts; resource: 'contracts'; subjectType: 'contract' }
    | { table: typeof orders; resource: 'orders'; subjectType: 'order' },
  id: string,
  archive: boolean,
  now: number,
): Promise<boolean | null> {
  const [row] = await db
    .select({
      id: record.table.id,
      customerId: record.table.customerId,
      archivedAt: record.table.archivedAt,
    })
    .from(record.table)
    .where(editableById(viewer, record.resource, record.table.id, id))
    .limit(1);
  if (!row) return null;
  // Asking for what is already so changes nothing.
  if ((row.archivedAt !== null) === archive) return true;
  const { statements } = archivalStatements(db, record.table, row, {
    archive,
    subjectType: record.subjectType,
    actorId: viewer.id,
    now,
  });
  await db.batch(statements);
  return true;
}

/**
 * The statements of the change: the audit entry, then the update, which returns the row's id only
 * when it changed. Both are conditioned on the record not being so already, so a twin request that
 * made the change first leaves nothing to do and nothing to record.
 */
export function archivalStatements(
  db: Database,
  table: ArchivableTable,
  record: ArchivableRecord,
  change: ArchivalChange,
) {
  const archivedAt = change.archive ? change.now : null;
  const stillToDo = and(
    eq(table.id, record.id),
    change.archive ? isNull(table.archivedAt) : isNotNull(table.archivedAt),
  );
  const { before, after } = change.detail ?? {
    before: { archivedAt: record.archivedAt },
    after: { archivedAt },
  };
  const audit = auditIfMatches(
    db,
    {
      actorId: change.actorId,
      action: `${change.subjectType}.${change.archive ? (change.archiveVerb ?? 'archived') : 'restored'}`,
      subjectType: change.subjectType,
      customerId: record.customerId,
      detail: changedFields(before ?? null, after ?? null),
      now: change.now,
    },
    { table, id: table.id, where: stillToDo },
  );
  const update = db
    .update(table)
    .set({ archivedAt, ...('updatedAt' in table ? { updatedAt: change.now } : {}) })
    .where(stillToDo)
    .returning({ id: table.id });
  return { archivedAt, statements: [audit, update] as const };
}
