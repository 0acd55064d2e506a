/**
 * /imports: CSV import of customers, contacts, contracts, orders and users. Upload (the file goes
 * to R2), preview with the column mapping, start (the queue runs it in chunks), progress that
 * refreshes itself, and the failed rows as a CSV to fix and import again.
 */
import { Hono, type Context } from 'hono';
import { and, eq } from 'drizzle-orm';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { mayImportInto } from '../platform/access/policy';
import { inScope } from '../platform/access/scope';
import { imports, IMPORT_KINDS, type ImportKind } from '../platform/db/schema';
import { HttpError, notFound } from '../platform/http/errors';
import { readForm } from '../platform/http/request';
import { SUBMISSION_KEY_FIELD, submitOnce } from '../platform/http/submit-once';
import type { MessageKey } from '../platform/i18n';
import { localDay } from '../platform/time/zones';
import { CSV_BOM, csvRow } from '../exports/csv';
import {
  ImportPage,
  ImportPreviewPage,
  ImportProgress,
  ImportsPage,
  NewImportPage,
} from '../../views/imports/imports';
import { decodeCsv, parseCsv, parseCsvFrom } from './csv-read';
import { IMPORT_FIELDS, mappingProblems, matchHeaders } from './import-fields';
import {
  errorsOf,
  importInScope,
  importRegions,
  listImports,
  newImportRow,
  startImport,
  type ImportRow,
} from './imports';
import { dataRows, IMPORT_MAX_BYTES, readSource, sheetRow, sourceKey } from './source';

const PREVIEW_ROWS = 20;
/** Errors listed on the page; the CSV has them all. */
const ERRORS_SHOWN = 50;

/** The import and its first errors in one round trip; 404 outside the viewer's reach. */
async function importWithErrors(c: Context<AppEnv>) {
  const id = c.req.param('id') ?? '';
  const { db } = c.var;
  const [rows, errors] = await db.batch([
    db
      .select()
      .from(imports)
      .where(and(eq(imports.id, id), inScope(currentUser(c), 'imports')))
      .limit(1),
    errorsOf(db, id, ERRORS_SHOWN),
  ]);
  const job = rows[0];
  if (!job) throw notFound();
  return { job, errors };
}

async function preview(
  c: Context<AppEnv>,
  job: ImportRow,
  mapping: (string | null)[],
  problems?: { missing: string[]; duplicated: string[] },
) {
  const rows = dataRows(await readSource(c.env, job.id), 0, PREVIEW_ROWS);
  return c.render(
    <ImportPreviewPage
      job={job}
      fields={IMPORT_FIELDS[job.kind]}
      rows={rows}
      mapping={mapping}
      problems={problems}
    />,
  );
}

export const importPages = new Hono<AppEnv>()
  .get('/', async (c) =>
    c.render(<ImportsPage rows={await listImports(c.var.db, currentUser(c))} />),
  )
  .get('/new', async (c) =>
    c.render(
      <NewImportPage
        kinds={IMPORT_KINDS}
        regions={await importRegions(c.var.db, currentUser(c))}
      />,
    ),
  )
  .post('/new', async (c) => {
    const viewer = currentUser(c);
    const body = await readForm(c);
    return submitOnce(c, 'imports.create', body[SUBMISSION_KEY_FIELD], async () => {
      const kind = IMPORT_KINDS.find((choice) => choice === body.kind);
      const regionId = typeof body.regionId === 'string' ? body.regionId : '';
      const refuse = async (error: MessageKey, status: 403 | 413 | 422 = 422) => {
        c.status(status);
        return c.render(
          <NewImportPage
            kinds={IMPORT_KINDS}
            regions={await importRegions(c.var.db, viewer)}
            error={error}
            kind={kind}
            regionId={regionId}
          />,
        );
      };
      if (!kind) throw new HttpError(400, 'invalid_kind', 'Choose what the file holds.');
      if (!mayImportInto(viewer, regionId)) return refuse('import.error.region', 403);
      const file = body.file;
      if (!(file instanceof File) || file.size === 0) return refuse('import.error.fileMissing');
      if (file.size > IMPORT_MAX_BYTES) return refuse('import.error.fileTooLarge', 413);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const decoded = decodeCsv(bytes);
      if (!decoded.ok) return refuse(decoded.reason);
      const records = parseCsv(decoded.text);
      const headers = records[0];
      const afterHeader = parseCsvFrom(decoded.text, 0, 1).end;
      if (!headers) return refuse('import.error.fileEmpty');
      const id = crypto.randomUUID();
      await c.env.FILES.put(sourceKey(id), bytes, { httpMetadata: { contentType: 'text/csv' } });
      return {
        location: `/imports/${id}`,
        statements: [
          c.var.db.insert(imports).values(
            newImportRow({
              id,
              kind: kind as ImportKind,
              uploadedBy: viewer.id,
              regionId,
              fileName: file.name.slice(0, 200) || 'import.csv',
              encoding: decoded.encoding,
              headers,
              mapping: matchHeaders(kind, headers),
              origin: new URL(c.req.url).origin,
              totalRows: records.length - 1,
              cursorOffset: afterHeader,
              now: Date.now(),
            }),
          ),
        ],
      };
    });
  })
  .get('/:id', async (c) => {
    const { job, errors } = await importWithErrors(c);
    if (job.status === 'preview') return preview(c, job, job.mapping);
    return c.render(<ImportPage job={job} errors={errors} />);
  })
  .get('/:id/progress', async (c) => {
    const { job, errors } = await importWithErrors(c);
    return c.render(<ImportProgress job={job} errors={errors} />);
  })
  .post('/:id/start', async (c) => {
    const job = await importInScope(c.var.db, currentUser(c), c.req.param('id'));
    if (!job) throw notFound();
    if (job.status === 'preview') {
      const body = await readForm(c);
      const mapping = job.headers.map((_header, column) => {
        const field = body[`column-${column}`];
        return typeof field === 'string' && field !== '' ? field : null;
      });
      const problems = mappingProblems(job.kind, mapping);
      if (problems.unknown.length)
        throw new HttpError(400, 'invalid_mapping', 'A column is mapped to an unknown field.');
      if (problems.missing.length || problems.duplicated.length) {
        c.status(422);
        return preview(c, job, mapping, problems);
      }
      // Started already (a second tab, a double tap): nothing more starts; both land on the progress.
      await startImport(c.var.db, c.env.WORK_QUEUE, job.id, mapping, Date.now());
    }
    return c.redirect(`/imports/${job.id}`, 303);
  })
  .get('/:id/errors.csv', async (c) => {
    const viewer = currentUser(c);
    const job = await importInScope(c.var.db, viewer, c.req.param('id'));
    if (!job) throw notFound();
    const [records, errors] = await Promise.all([
      readSource(c.env, job.id).then((text) => parseCsv(text)),
      errorsOf(c.var.db, job.id),
    ]);
    const { t } = c.var;
    // One line per failed row: its cells as uploaded, then its row number and every reason.
    const reasons = new Map<number, string[]>();
    for (const error of errors) {
      const text = `${error.column ? `${error.column}: ` : ''}${t(error.reason as MessageKey)}`;
      reasons.set(error.row, [...(reasons.get(error.row) ?? []), text]);
    }
    const headers = records[0] ?? [];
    const lines = [csvRow([...headers, t('import.csv.row'), t('import.csv.error')])];
    for (const [row, texts] of reasons) {
      const record = records[row - sheetRow(0) + 1] ?? [];
      const cells = headers.map((_header, column) => record[column] ?? '');
      lines.push(csvRow([...cells, row, texts.join('; ')]));
    }
    const base = job.fileName.replace(/\.csv$/i, '').replace(/[^\w.-]+/g, '_') || 'import';
    return new Response(CSV_BOM + lines.join(''), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${base}-errors-${localDay(Date.now(), viewer.timeZone)}.csv"`,
        'cache-control': 'private, no-store',
      },
    });
  });

/** `/admin/import`, the address the product brief names for admins: the imports page. */
export const adminImportRedirect = new Hono<AppEnv>().get('/', (c) => c.redirect('/imports', 303));
