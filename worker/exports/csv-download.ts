/**
 * The streamed CSV download shared by `/exports/<kind>.csv` and `/api/v1/exports/<kind>.csv`:
 * the header row in the caller's language, then one keyset page (at most `EXPORT_PAGE_ROWS`
 * rows, one D1 query) written at a time, so no export holds a whole table in memory.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { mayReadAny } from '../platform/access/policy';
import { HttpError } from '../platform/http/errors';
import { localDay } from '../platform/time/zones';
import { CSV_BOM, csvRow } from './csv';
import { EXPORT_PAGE_ROWS, EXPORTS, exportPage, type ExportKind } from './export-rows';

export function csvDownload(c: Context<AppEnv>, kind: ExportKind): Response {
  const viewer = currentUser(c);
  const definition = EXPORTS[kind];
  if (!mayReadAny(viewer, definition.resource))
    throw new HttpError(403, 'forbidden', 'Your role does not have access to this.');
  const { db, locale, t } = c.var;
  const archived = c.req.query('archived') === '1';
  const encoder = new TextEncoder();
  let after: string | null = null;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(
        encoder.encode(CSV_BOM + csvRow(definition.columns.map((column) => t(column.key)))),
      );
    },
    async pull(controller) {
      // A failed page ends the download unfinished (the browser reports it) rather than short.
      const rows = await exportPage(db, kind, { viewer, after, archived, locale }).catch(
        (error) => {
          console.error('csv export failed', kind, error);
          throw error;
        },
      );
      if (rows.length > 0)
        controller.enqueue(encoder.encode(rows.map((row) => csvRow(row.cells)).join('')));
      if (rows.length < EXPORT_PAGE_ROWS) controller.close();
      else after = rows[rows.length - 1]!.id;
    },
  });
  const day = localDay(Date.now(), viewer.timeZone);
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${kind}-${day}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
}
