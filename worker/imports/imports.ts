/** Imports as the pages see them: listed and read within the viewer's reach, started once, resumed. */
import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { importErrors, imports, regions, users, type ImportKind } from '../platform/db/schema';
import { inScope } from '../platform/access/scope';
import { mayImportInto, type Viewer } from '../platform/access/policy';
import { sendWork } from '../../queues/messages';

/** A running import that has not moved for this long lost its next message: the cron re-sends it. */
export const IMPORT_STALLED_AFTER_MS = 3 * 60_000;
const LIST_LIMIT = 50;

export type ImportRow = typeof imports.$inferSelect;

/** The viewer's imports, newest first: an admin's all, a manager's their region's. */
export function listImports(db: Database, viewer: Viewer) {
  return db
    .select({
      id: imports.id,
      kind: imports.kind,
      fileName: imports.fileName,
      status: imports.status,
      totalRows: imports.totalRows,
      cursor: imports.cursor,
      errorCount: imports.errorCount,
      createdAt: imports.createdAt,
      uploaderName: users.name,
      regionName: regions.name,
      regionNameZh: regions.nameZh,
    })
    .from(imports)
    .innerJoin(users, eq(users.id, imports.uploadedBy))
    .innerJoin(regions, eq(regions.id, imports.regionId))
    .where(inScope(viewer, 'imports'))
    .orderBy(desc(imports.createdAt))
    .limit(LIST_LIMIT);
}

/** One import in the viewer's reach, or null (the page answers 404). */
export async function importInScope(
  db: Database,
  viewer: Viewer,
  id: string,
): Promise<ImportRow | null> {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.id, id), inScope(viewer, 'imports')))
    .limit(1);
  return row ?? null;
}

/** The regions the viewer may import into: every region for an admin, a manager's own. */
export async function importRegions(db: Database, viewer: Viewer) {
  const rows = await db.select().from(regions).orderBy(asc(regions.code));
  return rows.filter((region) => mayImportInto(viewer, region.id));
}

export function newImportRow(input: {
  id: string;
  kind: ImportKind;
  uploadedBy: string;
  regionId: string;
  fileName: string;
  encoding: string;
  headers: string[];
  mapping: (string | null)[];
  origin: string;
  totalRows: number;
  /** Where the first data row begins (after the header). */
  cursorOffset: number;
  now: number;
}): typeof imports.$inferInsert {
  return { ...input, status: 'preview', createdAt: input.now, updatedAt: input.now };
}

/**
 * Starts an import with the mapping chosen: only from `preview`, so a second submit (another tab,
 * a double tap) finds it running and starts nothing. The first chunk goes on the queue.
 */
export async function startImport(
  db: Database,
  queue: Queue,
  importId: string,
  mapping: (string | null)[],
  now: number,
): Promise<boolean> {
  const started = await db
    .update(imports)
    .set({ status: 'running', mapping, startedAt: now, updatedAt: now })
    .where(and(eq(imports.id, importId), eq(imports.status, 'preview')))
    .returning({ id: imports.id });
  if (started.length === 0) return false;
  await sendWork(queue, [{ kind: 'import.chunk', importId, fromRow: 0 }]);
  return true;
}

/** Why rows failed, in row order (the error CSV and the page's list). */
export function errorsOf(db: Database, importId: string, limit?: number) {
  const query = db
    .select({ row: importErrors.row, column: importErrors.column, reason: importErrors.reason })
    .from(importErrors)
    .where(eq(importErrors.importId, importId))
    .orderBy(asc(importErrors.row));
  return limit === undefined ? query : query.limit(limit);
}

/** Re-sends the next chunk of imports that stopped moving (the worker died between chunks). */
export async function resumeStalledImports(
  db: Database,
  queue: Queue,
  now: number,
  stalledAfterMs = IMPORT_STALLED_AFTER_MS,
): Promise<number> {
  const stalled = await db
    .select({ id: imports.id, cursor: imports.cursor })
    .from(imports)
    .where(and(eq(imports.status, 'running'), lt(imports.updatedAt, now - stalledAfterMs)))
    .limit(100);
  await sendWork(
    queue,
    stalled.map((row) => ({ kind: 'import.chunk', importId: row.id, fromRow: row.cursor })),
  );
  return stalled.length;
}
