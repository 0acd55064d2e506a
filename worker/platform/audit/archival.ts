/**
 * Archiving (soft delete) and restoring a record of the sales book: the record's `archivedAt` is
 * set or cleared (with `updatedAt` where the table keeps one) and an audit entry
 * `<subject>.archived` / `<subject>.restored` goes on the customer's timeline, in one batch.
 */
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Database } from '../db/client';
import { contacts, contracts, customers, deals, orders } from '../db/schema';
import { recordChange } from './record-change';
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

/** Archives or restores `record` in one batch; asking for what is already so changes nothing. */
async function archiveOrRestore(
  db: Database,
  table: ArchivableTable,
  record: ArchivableRecord,
  change: ArchivalChange,
): Promise<void> {
  if ((record.archivedAt !== null) === change.archive) return;
  await db.batch(archivalStatements(db, table, record, change).statements);
}

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
  await archiveOrRestore(db, record.table, row, {
    archive,
    subjectType: record.subjectType,
    actorId: viewer.id,
    now,
  });
  return true;
}

/** The statements of the change; the update returns the row's id only when it changed. */
export function archivalStatements(
  db: Database,
  table: ArchivableTable,
  record: ArchivableRecord,
  change: ArchivalChange,
) {
  const archivedAt = change.archive ? change.now : null;
  const update = db
    .update(table)
    .set({ archivedAt, ...('updatedAt' in table ? { updatedAt: change.now } : {}) })
    .where(
      and(
        eq(table.id, record.id),
        // A twin request that already made the change leaves nothing to do.
        change.archive ? isNull(table.archivedAt) : isNotNull(table.archivedAt),
      ),
    )
    .returning({ id: table.id });
  const audit = recordChange(db, {
    actorId: change.actorId,
    action: `${change.subjectType}.${change.archive ? (change.archiveVerb ?? 'archived') : 'restored'}`,
    subjectType: change.subjectType,
    subjectId: record.id,
    customerId: record.customerId,
    ...(change.detail ?? {
      before: { archivedAt: record.archivedAt },
      after: { archivedAt },
    }),
    now: change.now,
  });
  return { archivedAt, statements: [update, audit] as const };
}
