import type { Database } from '../db/client';
import { auditLog } from '../db/schema';

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
