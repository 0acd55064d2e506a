/** The audit log's reads, shared by /admin/audit and each record's own history page. */
import { and, desc, eq, gte, lt, or } from 'drizzle-orm';
import { aliased } from '../platform/db/aliased';
import type { Database } from '../platform/db/client';
import type { Viewer } from '../platform/access/policy';
import { auditLog, users } from '../platform/db/schema';
import type { AuditFilter } from '../../views/admin/audit-log';
import {
  AUDIT_PAGE_SIZE,
  AUDIT_SUBJECT_TYPES,
  auditSubjectHref,
  encodeAuditCursor,
  type AuditCursor,
} from './audit-log-rules';

/** Entries matching the filter, newest first, one past a page (so the caller knows of a next). */
export function auditRows(
  db: Database,
  filter: AuditFilter,
  range: { from: number | null; to: number | null },
  before: AuditCursor | null,
) {
  return db
    .select({
      id: auditLog.id,
      actorId: auditLog.actorId,
      actorName: aliased(users.name, 'actor_name'),
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      detail: auditLog.detail,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        filter.actor ? eq(auditLog.actorId, filter.actor) : undefined,
        filter.subjectType ? eq(auditLog.subjectType, filter.subjectType) : undefined,
        filter.subjectId ? eq(auditLog.subjectId, filter.subjectId) : undefined,
        range.from !== null ? gte(auditLog.createdAt, range.from) : undefined,
        range.to !== null ? lt(auditLog.createdAt, range.to) : undefined,
        before
          ? or(
              lt(auditLog.createdAt, before.at),
              and(eq(auditLog.createdAt, before.at), lt(auditLog.id, before.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1);
}

/** The page the rows make: entries with their record links, and where the next page starts. */
export function auditEntriesPage(viewer: Viewer, rows: Awaited<ReturnType<typeof auditRows>>) {
  const entries = rows.slice(0, AUDIT_PAGE_SIZE).map((row) => ({
    ...row,
    knownType: (AUDIT_SUBJECT_TYPES as readonly (string | null)[]).includes(row.subjectType),
    subjectHref: auditSubjectHref(viewer, row.subjectType, row.subjectId),
  }));
  const last = entries[entries.length - 1];
  return {
    entries,
    nextCursor:
      rows.length > AUDIT_PAGE_SIZE && last
        ? encodeAuditCursor({ at: last.createdAt, id: last.id })
        : null,
  };
}
