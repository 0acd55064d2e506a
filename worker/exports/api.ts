import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { documented } from '../platform/http/api-doc';
import { csvDownload } from './csv-download';
import { EXPORT_KINDS } from './export-rows';

const exportQuery = z.object({
  archived: z.enum(['1']).optional().describe('`1` to include archived records'),
});

/** `/api/v1/exports/<kind>.csv`: the same streamed CSV as the pages, with a token or session. */
export const exportApi = new Hono<AppEnv>();
for (const kind of EXPORT_KINDS)
  exportApi.get(
    `/${kind}.csv`,
    documented({
      summary: `The ${kind} in the caller's read scope as CSV (UTF-8 with BOM, quoted, streamed; header row in the caller's language)`,
      query: exportQuery,
      responses: { '200': { description: '`text/csv` download' } },
      errors: { '403': "`forbidden`: the caller's role reads none of these" },
    }),
    (c) => csvDownload(c, kind),
  );
