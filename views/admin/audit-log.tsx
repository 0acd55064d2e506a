import { formatDateTime } from '../../worker/platform/http/format';
import { auditActionLabel, auditSummary } from '../../worker/platform/i18n/audit-actions';
import type { MessageKey } from '../../worker/platform/i18n';
import type { AuditPageData } from '../../worker/admin/audit-log';
import type { AuditSubjectType } from '../../worker/admin/audit-log-rules';
import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { MoreListItem } from '../platform/more-link';

export type AuditFilter = {
  actor?: string | undefined;
  subjectType?: AuditSubjectType | undefined;
  subjectId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

type Entry = AuditPageData['entries'][number];

const subjectLabel = (type: string): MessageKey => `timeline.subject.${type}` as MessageKey;

/** The filter as query parameters, for the "more" link to keep it. */
function filterQuery(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) if (value) params.set(name, value);
  return params.toString();
}

/** Before → after in a line: the record's name and what changed, else the entry's detail as is. */
function change(detail: unknown): string {
  const summary = auditSummary(detail);
  if (summary || !detail) return summary;
  const raw = JSON.stringify(detail);
  return raw.length > 140 ? `${raw.slice(0, 139)}…` : raw;
}

function AuditEntry({ entry }: { entry: Entry }) {
  const { t, locale, timeZone } = usePage();
  const href = entry.subjectHref;
  // The record's kind in words, and its id as the code it is.
  const subject = entry.subjectType ? (
    <>
      {entry.knownType ? t(subjectLabel(entry.subjectType)) : entry.subjectType}{' '}
      {entry.subjectId ? <span class="mono">{entry.subjectId}</span> : null}
    </>
  ) : null;
  const summary = change(entry.detail);
  return (
    <li class="event" data-entry={entry.id}>
      <p class="muted">
        <time datetime={new Date(entry.createdAt).toISOString()}>
          {formatDateTime(entry.createdAt, locale, timeZone)}
        </time>{' '}
        · <span class="who">{entry.actorName ?? t('audit.system')}</span>
      </p>
      <p>
        <strong class="action">{auditActionLabel(t, entry.action)}</strong>
        {subject ? (
          <>
            {' · '}
            {href ? (
              <a class="subject" href={href}>
                {subject}
              </a>
            ) : (
              <span class="subject">{subject}</span>
            )}
          </>
        ) : null}
      </p>
      {summary ? <p class="change">{summary}</p> : null}
    </li>
  );
}

/** A page of entries and, when there are more, the link to the next (htmx swaps it in place). */
export function AuditEntries({
  page,
  filter,
  path = '/admin/audit',
}: {
  page: Pick<AuditPageData, 'entries' | 'nextCursor'>;
  filter: AuditFilter;
  /** Where "more" asks for the next page: the audit log, or one record's history. */
  path?: string;
}) {
  const { t } = usePage();
  const query = filterQuery(filter);
  const moreHref = page.nextCursor
    ? `${path}?${query ? `${query}&` : ''}before=${encodeURIComponent(page.nextCursor)}`
    : null;
  return (
    <>
      {page.entries.map((entry) => (
        <AuditEntry entry={entry} />
      ))}
      {moreHref ? <MoreListItem id="audit-more" href={moreHref} label={t('audit.more')} /> : null}
    </>
  );
}

export function AuditLogPage({
  page,
  filter,
  error,
}: {
  page: AuditPageData;
  filter: AuditFilter;
  error: string | undefined;
}) {
  const { t } = usePage();
  return (
    <Layout title={t('audit.title')}>
      <h1>{t('audit.title')}</h1>
      <p class="muted">{t('audit.intro')}</p>
      {error ? (
        <p class="notice bad" role="alert">
          {error}
        </p>
      ) : null}
      <form class="filters" method="get" action="/admin/audit">
        <label>
          {t('audit.filter.actor')}
          <select name="actor">
            <option value="">{t('audit.filter.anyone')}</option>
            {page.actors.map((person) => (
              <option value={person.id} selected={filter.actor === person.id}>
                {person.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.filter.subjectType')}
          <select name="subjectType">
            <option value="">{t('audit.filter.anyType')}</option>
            {page.subjectTypes.map((type) => (
              <option value={type} selected={filter.subjectType === type}>
                {t(subjectLabel(type))}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.filter.subjectId')}
          <input type="text" name="subjectId" maxlength={80} value={filter.subjectId ?? ''} />
        </label>
        <label>
          {t('audit.filter.from')}
          <input type="date" name="from" value={filter.from ?? ''} />
        </label>
        <label>
          {t('audit.filter.to')}
          <input type="date" name="to" value={filter.to ?? ''} />
        </label>
        <p class="actions">
          <button type="submit">{t('audit.filter.apply')}</button>
          <a class="button secondary" href="/admin/audit">
            {t('audit.filter.clear')}
          </a>
        </p>
      </form>
      {page.entries.length === 0 ? <p class="muted">{t('audit.empty')}</p> : null}
      <ul class="timeline" id="audit-entries">
        <AuditEntries page={page} filter={filter} />
      </ul>
    </Layout>
  );
}
