import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client';
import { auditLog } from '../db/schema';
import { batchableSql } from '../db/batchable-sql';

type Fields = Record<string, unknown>;

/**
 * The fields that changed, before → after: what an audit entry of an edit keeps. Fields only in
 * `after` (a creation) or only in `before` (a removal) are kept whole.
 */
export function changedFields(
  before: Fields | null,
  after: Fields | null,
): { before: Fields | null; after: Fields | null } {
  if (!before || !after) return { before, after };
  const was: Fields = {};
  const now: Fields = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[field]) === JSON.stringify(after[field])) continue;
    was[field] = before[field] ?? null;
    now[field] = after[field] ?? null;
  }
  return { before: was, after: now };
}

/**
 * One audit entry of a change to the sales book (who, what, before → after), to go in the same
 * `batch()` as the change. `customerId` puts it on that customer's timeline.
 */
export function recordChange(
  db: Database,
  entry: {
    actorId: string;
    action: string;
    subjectType: string;
    subjectId: string;
    customerId: string | null;
    before?: Fields | null;
    after?: Fields | null;
    now: number;
  },
) {
  const diff = changedFields(entry.before ?? null, entry.after ?? null);
  return db.insert(auditLog).values({
    id: crypto.randomUUID(),
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    customerId: entry.customerId,
    detail: { before: diff.before, after: diff.after },
    createdAt: entry.now,
  });
}

export type ChangeEntry = {
  action: string;
  subjectType: string;
  subjectId: string;
  customerId: string | null;
  before?: Fields | null;
  after?: Fields | null;
};

/**
 * Many audit entries by one actor in ONE statement (a chunk of an import: hundreds of records),
 * the rows carried as one JSON parameter, so D1's 100-parameter bound never limits the count.
 * `onlyIf` is a condition the whole insert waits on (the import's cursor still where it was).
 */
export function recordChanges(
  db: Database,
  actorId: string,
  entries: readonly ChangeEntry[],
  now: number,
  onlyIf: SQL = sql`1`,
) {
  const rows = entries.map((entry) => {
    const diff = changedFields(entry.before ?? null, entry.after ?? null);
    return {
      id: crypto.randomUUID(),
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      customerId: entry.customerId,
      detail: JSON.stringify({ before: diff.before, after: diff.after }),
    };
  });
  return batchableSql(
    db,
    sql`
    insert into audit_log (id, actor_id, action, subject_type, subject_id, customer_id, detail, created_at)
    select value ->> '$.id', ${actorId}, value ->> '$.action', value ->> '$.subjectType',
      value ->> '$.subjectId', value ->> '$.customerId', value ->> '$.detail', ${now}
    from json_each(${JSON.stringify(rows)}) where ${onlyIf}`,
  );
}
