import type { ImportRow, listImports } from '../../worker/imports/imports';
import type { ImportField } from '../../worker/imports/import-fields';
import type { ImportKind } from '../../worker/platform/db/schema';
import type { MessageKey } from '../../worker/platform/i18n';
import { formatDateTime } from '../../worker/platform/http/format';
import { CsrfField, Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { SubmissionKeyField } from '../platform/submission-key';

const fieldLabel = (field: string) => `import.field.${field}` as MessageKey;
const kindLabel = (kind: ImportKind) => `import.kind.${kind}` as MessageKey;

export function ImportsPage({ rows }: { rows: Awaited<ReturnType<typeof listImports>> }) {
  const { t, locale, timeZone } = usePage();
  return (
    <Layout title={t('import.title')}>
      <h1>{t('import.title')}</h1>
      <p class="actions">
        <a class="button" href="/imports/new">
          {t('import.new')}
        </a>
      </p>
      {rows.length === 0 ? (
        <p class="muted">{t('import.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('import.fileName')}</th>
                <th>{t('import.kind')}</th>
                <th>{t('import.region')}</th>
                <th>{t('import.status')}</th>
                <th>{t('import.uploadedBy')}</th>
                <th>{t('import.uploadedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <td>
                    <a href={`/imports/${row.id}`}>{row.fileName}</a>
                  </td>
                  <td>{t(kindLabel(row.kind))}</td>
                  <td>{locale === 'zh-CN' ? row.regionNameZh : row.regionName}</td>
                  <td>
                    {t(`import.status.${row.status}`)}
                    {row.status === 'preview'
                      ? ''
                      : ` · ${t('import.rows', { done: row.cursor, total: row.totalRows })}`}
                  </td>
                  <td>{row.uploaderName}</td>
                  <td>{formatDateTime(row.createdAt, locale, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function NewImportPage({
  kinds,
  regions,
  error,
  kind,
  regionId,
}: {
  kinds: readonly ImportKind[];
  regions: { id: string; name: string; nameZh: string }[];
  error?: MessageKey;
  kind?: string;
  regionId?: string;
}) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('import.new')}>
      <h1>{t('import.new')}</h1>
      <form class="card" method="post" action="/imports/new" enctype="multipart/form-data">
        <CsrfField />
        <SubmissionKeyField />
        {error ? (
          <p class="error-text" role="alert">
            {t(error)}
          </p>
        ) : null}
        <label for="f-kind">{t('import.kind')}</label>
        <select id="f-kind" name="kind">
          {kinds.map((choice) => (
            <option value={choice} selected={choice === kind}>
              {t(kindLabel(choice))}
            </option>
          ))}
        </select>
        <label for="f-region">{t('import.region')}</label>
        <select id="f-region" name="regionId">
          {regions.map((region) => (
            <option value={region.id} selected={region.id === regionId}>
              {locale === 'zh-CN' ? region.nameZh : region.name}
            </option>
          ))}
        </select>
        <label for="f-file">{t('import.file')}</label>
        <input id="f-file" name="file" type="file" accept=".csv,text/csv" required />
        <p class="muted">{t('import.fileHint')}</p>
        <p>
          <button type="submit">{t('import.upload')}</button>
        </p>
      </form>
    </Layout>
  );
}

/** The first rows under their headers, one field choice per column, and the start button. */
export function ImportPreviewPage({
  job,
  fields,
  rows,
  mapping,
  problems,
}: {
  job: ImportRow;
  /** The fields of the import's kind, each column's choices. */
  fields: readonly ImportField[];
  rows: string[][];
  mapping: (string | null)[];
  problems?: { missing: string[]; duplicated: string[] };
}) {
  const { t } = usePage();
  const names = (keys: string[]) => keys.map((key) => t(fieldLabel(key))).join(', ');
  return (
    <Layout title={job.fileName}>
      <h1>{job.fileName}</h1>
      <p>
        {t(kindLabel(job.kind))} · {t('import.encoding')}: {job.encoding}
      </p>
      <form method="post" action={`/imports/${job.id}/start`}>
        <CsrfField />
        {problems?.missing.length ? (
          <p class="error-text" role="alert">
            {t('import.mapping.missing', { fields: names(problems.missing) })}
          </p>
        ) : null}
        {problems?.duplicated.length ? (
          <p class="error-text" role="alert">
            {t('import.mapping.duplicated', { fields: names(problems.duplicated) })}
          </p>
        ) : null}
        <p>{t('import.preview.intro', { count: rows.length, total: job.totalRows })}</p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                {job.headers.map((header, column) => (
                  <th scope="col">
                    <label for={`column-${column}`}>
                      {header || `${t('import.column')} ${column + 1}`}
                    </label>
                    <br />
                    <select id={`column-${column}`} name={`column-${column}`}>
                      <option value="">{t('import.ignore')}</option>
                      {fields.map((field) => (
                        <option value={field.key} selected={mapping[column] === field.key}>
                          {field.required
                            ? t('import.required', { field: t(fieldLabel(field.key)) })
                            : t(fieldLabel(field.key))}
                        </option>
                      ))}
                    </select>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  {job.headers.map((_header, column) => (
                    <td>{row[column] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <button type="submit">{t('import.start')}</button>
        </p>
      </form>
    </Layout>
  );
}

/**
 * Where an import has got to. While it runs, htmx fetches this fragment again every 2 s (it
 * replaces itself); once finished the fragment stops asking.
 */
export function ImportProgress({
  job,
  errors,
}: {
  job: ImportRow;
  errors: { row: number; column: string | null; reason: string }[];
}) {
  const { t } = usePage();
  const running = job.status === 'running';
  return (
    <section
      id="import-progress"
      aria-live="polite"
      hx-get={running ? `/imports/${job.id}/progress` : undefined}
      hx-trigger={running ? 'every 2s' : undefined}
      hx-swap={running ? 'outerHTML' : undefined}
    >
      <h2>
        <label for="import-bar">{t(`import.status.${job.status}`)}</label>
      </h2>
      <progress id="import-bar" max={String(Math.max(job.totalRows, 1))} value={String(job.cursor)}>
        {t('import.rows', { done: job.cursor, total: job.totalRows })}
      </progress>
      <p class="import-rows">{t('import.rows', { done: job.cursor, total: job.totalRows })}</p>
      <p class="import-errors">{t('import.errorsSoFar', { count: job.errorCount })}</p>
      {job.status === 'failed' ? (
        <p class="notice bad" role="alert">
          {t('import.stopped', { done: job.cursor })}
        </p>
      ) : null}
      {running ? null : (
        <dl class="facts import-result">
          <dt>{t('import.result.created')}</dt>
          <dd data-count="created">{job.createdCount}</dd>
          <dt>{t('import.result.updated')}</dt>
          <dd data-count="updated">{job.updatedCount}</dd>
          <dt>{t('import.result.unchanged')}</dt>
          <dd data-count="unchanged">{job.unchangedCount}</dd>
          <dt>{t('import.result.failed')}</dt>
          <dd data-count="failed">{job.errorCount}</dd>
        </dl>
      )}
      {!running && job.errorCount > 0 ? (
        <>
          <p class="actions">
            <a class="button secondary" href={`/imports/${job.id}/errors.csv`} download>
              {t('import.errorsLink')}
            </a>
          </p>
          <p class="muted">{t('import.errorsHint')}</p>
          <h3>{t('import.errorsTitle')}</h3>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th class="num">{t('import.errorRow')}</th>
                  <th>{t('import.column')}</th>
                  <th>{t('import.errorReason')}</th>
                </tr>
              </thead>
              <tbody>
                {errors.map((error) => (
                  <tr>
                    <td class="num">{error.row}</td>
                    <td>{error.column ?? '–'}</td>
                    <td>{t(error.reason as MessageKey)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}

export function ImportPage({
  job,
  errors,
}: {
  job: ImportRow;
  errors: { row: number; column: string | null; reason: string }[];
}) {
  const { t } = usePage();
  return (
    <Layout title={job.fileName} refreshSeconds={job.status === 'running' ? 3 : undefined}>
      <p>
        <a href="/imports">{t('import.title')}</a>
      </p>
      <h1>{job.fileName}</h1>
      <p>
        {t(kindLabel(job.kind))} · {t('import.encoding')}: {job.encoding}
      </p>
      <ImportProgress job={job} errors={errors} />
    </Layout>
  );
}
