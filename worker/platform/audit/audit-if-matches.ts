import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from '../db/client';
import { auditLog } from '../db/schema';

/**
 * An audit entry that is written only if its subject matches `where` — for a batch whose change
 * may not apply (out of scope, already done). Put it before the change in the batch, with the
 * same condition, so the entry and the change stand or fall together.
 */
export function auditIfMatches(
  db: Database,
  entry: {
    actorId: string;
    action: string;
    subjectType: string;
    detail?: Record<string, unknown>;
    /** Puts the entry on that customer's timeline. */
    customerId?: string | null;
    now: number;
  },
  subject: { table: SQLiteTable; id: SQLiteColumn; where: SQL | undefined },
) {
  return db.insert(auditLog).select(
    db
      .select({
        id: sql<string>`${crypto.randomUUID()}`.as('id'),
        actorId: sql<string>`${entry.actorId}`.as('actor_id'),
        action: sql<string>`${entry.action}`.as('action'),
        subjectType: sql<string>`${entry.subjectType}`.as('subject_type'),
        subjectId: subject.id,
        detail: sql<string | null>`${entry.detail ? JSON.stringify(entry.detail) : null}`.as(
          'detail',
        ),
        ip: sql<null>`null`.as('ip'),
        customerId: sql<string | null>`${entry.customerId ?? null}`.as('customer_id'),
        createdAt: sql<number>`${entry.now}`.as('created_at'),
      })
      .from(subject.table)
      .where(subject.where),
  );
}
