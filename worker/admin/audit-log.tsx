import { Hono } from 'hono';
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import type { Database } from '../platform/db/client';
import type { Viewer } from '../platform/access/policy';
import { users } from '../platform/db/schema';
import { isHtmx } from '../platform/http/request';
import { localDayRange } from '../platform/time/zones';
import { AuditEntries, AuditLogPage, type AuditFilter } from '../../views/admin/audit-log';
import { auditEntriesPage, auditRows } from './audit-queries';
import {
  AUDIT_SUBJECT_TYPES,
  calendarDay,
  decodeAuditCursor,
  type AuditCursor,
} from './audit-log-rules';

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => value || undefined);

const auditQuery = z.object({
  actor: text(64),
  subjectType: z
    .enum(AUDIT_SUBJECT_TYPES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  subjectId: text(80),
  from: text(10),
  to: text(10),
  before: text(120),
});

/** One page of entries matching the filter (and the people to filter by), in one batch. */
async function auditPage(
  db: Database,
  viewer: Viewer,
  filter: AuditFilter,
  range: { from: number | null; to: number | null },
  before: AuditCursor | null,
) {
  const [rows, actors] = await db.batch([
    auditRows(db, filter, range, before),
    db.select({ id: users.id, name: users.name }).from(users).orderBy(asc(users.name)).limit(2000),
  ]);
  return { ...auditEntriesPage(viewer, rows), actors, subjectTypes: AUDIT_SUBJECT_TYPES };
}

export type AuditPageData = Awaited<ReturnType<typeof auditPage>>;

/**
 * /admin/audit: every audited change, newest first, 50 a page. "More" loads the next page in
 * place with htmx and is an ordinary link without JS. Dates are the viewer's own calendar days.
 */
export const auditLogAdmin = new Hono<AppEnv>().get('/', async (c) => {
  const parsed = auditQuery.safeParse(c.req.query());
  const query: Partial<z.infer<typeof auditQuery>> = parsed.success ? parsed.data : {};
  const filter: AuditFilter = {
    actor: query.actor,
    subjectType: query.subjectType,
    subjectId: query.subjectId,
    from: query.from,
    to: query.to,
  };
  const timeZone = currentUser(c).timeZone;
  const from = query.from ? calendarDay(query.from) : null;
  const to = query.to ? calendarDay(query.to) : null;
  const before = query.before ? decodeAuditCursor(query.before) : null;
  const badInput =
    !parsed.success ||
    (query.from !== undefined && !from) ||
    (query.to !== undefined && !to) ||
    (query.before !== undefined && !before);
  const page = await auditPage(
    c.var.db,
    currentUser(c),
    filter,
    {
      from: from ? localDayRange(from, timeZone).start : null,
      to: to ? localDayRange(to, timeZone).end : null,
    },
    before,
  );
  if (badInput) c.status(400);
  if (isHtmx(c) && query.before && c.req.header('hx-history-restore-request') !== 'true')
    return c.render(<AuditEntries page={page} filter={filter} />);
  return c.render(
    <AuditLogPage
      page={page}
      filter={filter}
      error={badInput ? c.var.t('audit.badDate') : undefined}
    />,
  );
});
