import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { scopedById } from '../platform/access/scope';
import { contracts, customers, deals, orders } from '../platform/db/schema';
import { HttpError, notFound } from '../platform/http/errors';
import { isHtmx } from '../platform/http/request';
import { validate } from '../platform/http/validate';
import { auditEntriesPage, auditRows } from '../admin/audit-queries';
import { decodeAuditCursor } from '../admin/audit-log-rules';
import { RecordHistoryPage } from '../../views/history/record-history';
import { AuditEntries } from '../../views/admin/audit-log';

/** The records with a history page: who may read the record may read its history. */
const RECORDS = {
  customer: { resource: 'customers', table: customers, id: customers.id, name: customers.name },
  deal: { resource: 'deals', table: deals, id: deals.id, name: deals.name },
  contract: { resource: 'contracts', table: contracts, id: contracts.id, name: contracts.number },
  order: { resource: 'orders', table: orders, id: orders.id, name: orders.id },
} as const;

const historyParams = z.object({
  type: z.enum(['customer', 'deal', 'contract', 'order']),
  id: z.string().min(1).max(80),
});

/**
 * `/history/:type/:id`: every audited change of one record (who, what, when, before → after),
 * newest first, for anyone whose scope includes the record; 404 for anyone else.
 */
export const historyPages = new Hono<AppEnv>().get(
  '/:type/:id',
  validate('param', historyParams),
  validate('query', z.object({ before: z.string().max(120).optional() })),
  async (c) => {
    const { type, id } = c.req.valid('param');
    const beforeText = c.req.valid('query').before;
    const before = beforeText ? decodeAuditCursor(beforeText) : null;
    if (beforeText && !before)
      throw new HttpError(400, 'invalid_cursor', 'Unknown page position; open the history again.');
    const viewer = currentUser(c);
    const record = RECORDS[type];
    const [found, rows] = await c.var.db.batch([
      c.var.db
        .select({ name: record.name })
        .from(record.table)
        .where(scopedById(viewer, record.resource, record.id, id))
        .limit(1),
      auditRows(c.var.db, { subjectType: type, subjectId: id }, { from: null, to: null }, before),
    ]);
    if (!found[0]) throw notFound();
    const page = auditEntriesPage(viewer, rows);
    const path = `/history/${type}/${encodeURIComponent(id)}`;
    if (isHtmx(c) && before && c.req.header('hx-history-restore-request') !== 'true')
      return c.render(<AuditEntries page={page} filter={{}} path={path} />);
    return c.render(
      <RecordHistoryPage record={{ type, id, name: found[0].name }} page={page} path={path} />,
    );
  },
);
