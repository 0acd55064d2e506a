import type { MessageKey } from '../../worker/platform/i18n';
import { formatDateTime, formatDuration } from '../../worker/platform/http/format';
import type { JobRunFilter } from '../../worker/admin/job-runs';
import type { JobRunsPageData } from '../../worker/admin/job-runs';
import { CsrfField, Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { SubmissionKeyField } from '../platform/submission-key';
import { MoreLink } from '../platform/more-link';
import { Field, SelectField, type Errors } from './form-field';

export type RerunErrors = Errors;

const jobLabel = (job: string): MessageKey => `jobs.name.${job}` as MessageKey;

function filterQuery(filter: JobRunFilter): string {
  const params = new URLSearchParams();
  if (filter.regionId) params.set('region', filter.regionId);
  if (filter.job) params.set('job', filter.job);
  return params.toString();
}

/** The runs of a page and, when there are more, the link to the next (swapped in by htmx). */
export function JobRunRows({
  page,
  filter,
}: {
  page: Pick<JobRunsPageData, 'items' | 'nextCursor'>;
  filter: JobRunFilter;
}) {
  const { t, locale, timeZone } = usePage();
  // Jobs take seconds; minutes only for the long ones.
  const took = (ms: number) =>
    ms < 60_000 ? t('jobs.tookSeconds', { n: (ms / 1000).toFixed(1) }) : formatDuration(ms, t);
  const query = filterQuery(filter);
  const moreHref = page.nextCursor
    ? `/admin/jobs?${query ? `${query}&` : ''}before=${encodeURIComponent(page.nextCursor)}`
    : null;
  return (
    <>
      {page.items.map((run) => (
        <tr data-run={run.id} class={`run-${run.status}`}>
          <td>{t(jobLabel(run.job))}</td>
          <td>{locale === 'zh-CN' ? run.regionNameZh : run.regionName}</td>
          <td class="mono">{run.period}</td>
          <td>
            <span class={`status status-${run.status}`}>{t(`jobs.status.${run.status}`)}</span>
            {run.attempts > 1 ? (
              <span class="muted"> · {t('jobs.attempts', { count: run.attempts })}</span>
            ) : null}
            {run.requestedByName ? (
              <span class="muted"> · {t('jobs.requestedBy', { name: run.requestedByName })}</span>
            ) : null}
          </td>
          <td>
            <time datetime={new Date(run.startedAt).toISOString()}>
              {formatDateTime(run.startedAt, locale, timeZone)}
            </time>
          </td>
          <td>{run.finishedAt === null ? '–' : took(run.finishedAt - run.startedAt)}</td>
          <td class="num">{run.rowsTouched ?? '–'}</td>
          <td class="num">
            {run.errors ?? '–'}
            {run.lastError ? <p class="field-error">{run.lastError}</p> : null}
          </td>
        </tr>
      ))}
      {moreHref ? (
        <tr id="runs-more">
          <td colspan={8}>
            <MoreLink href={moreHref} target="runs-more" label={t('jobs.more')} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

export function JobsPage({
  page,
  filter,
  queued,
  errors = {},
  typed = {},
}: {
  page: JobRunsPageData;
  filter: JobRunFilter;
  queued?: string | undefined;
  errors?: RerunErrors;
  typed?: Record<string, string>;
}) {
  const { t, locale } = usePage();
  const regionChoices: [string, string][] = page.regions.map((region) => [
    region.id,
    locale === 'zh-CN' ? region.nameZh : region.name,
  ]);
  const jobChoices: [string, string][] = page.jobs.map((job) => [
    job.name,
    `${t(jobLabel(job.name))} (${t(`jobs.when.${job.when}`)})`,
  ]);
  return (
    <Layout title={t('jobs.title')}>
      <h1>{t('jobs.title')}</h1>
      <p class="muted">{t('jobs.intro')}</p>
      {queued ? (
        <p class="notice" role="status">
          {t('jobs.queued', { run: queued })}
        </p>
      ) : null}
      <form class="filters" method="get" action="/admin/jobs">
        <label>
          {t('jobs.filter.region')}
          <select name="region">
            <option value="">{t('jobs.filter.anyRegion')}</option>
            {regionChoices.map(([id, name]) => (
              <option value={id} selected={filter.regionId === id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('jobs.filter.job')}
          <select name="job">
            <option value="">{t('jobs.filter.anyJob')}</option>
            {page.jobs.map((job) => (
              <option value={job.name} selected={filter.job === job.name}>
                {t(jobLabel(job.name))}
              </option>
            ))}
          </select>
        </label>
        <p class="actions">
          <button type="submit">{t('jobs.filter.apply')}</button>
        </p>
      </form>
      {page.items.length === 0 ? (
        <p class="muted">{t('jobs.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="job-runs">
            <thead>
              <tr>
                <th>{t('jobs.col.job')}</th>
                <th>{t('jobs.col.region')}</th>
                <th>{t('jobs.col.period')}</th>
                <th>{t('jobs.col.status')}</th>
                <th>{t('jobs.col.started')}</th>
                <th>{t('jobs.col.took')}</th>
                <th class="num">{t('jobs.col.rows')}</th>
                <th class="num">{t('jobs.col.errors')}</th>
              </tr>
            </thead>
            <tbody>
              <JobRunRows page={page} filter={filter} />
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="rerun-title">
        <h2 id="rerun-title">{t('jobs.rerun.title')}</h2>
        <p class="muted">{t('jobs.rerun.intro')}</p>
        <form method="post" action="/admin/jobs/runs" class="stack">
          <CsrfField />
          <SubmissionKeyField />
          <SelectField
            name="job"
            label="jobs.col.job"
            value={typed.job ?? filter.job}
            errors={errors}
            choices={jobChoices}
          />
          <SelectField
            name="regionId"
            label="jobs.col.region"
            value={typed.regionId ?? filter.regionId}
            errors={errors}
            choices={regionChoices}
          />
          <Field
            name="day"
            label="jobs.rerun.day"
            type="date"
            value={typed.day}
            errors={errors}
            required
          />
          <Field
            name="hour"
            label="jobs.rerun.hour"
            type="number"
            value={typed.hour}
            errors={errors}
            extra={{ min: '0', max: '23', inputmode: 'numeric' }}
          />
          <p class="actions">
            <button type="submit">{t('jobs.rerun.submit')}</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}
