import type { ESCALATION_KINDS, escalations } from '../../worker/platform/db/schema';
import { formatDate, formatDuration } from '../../worker/platform/http/format';
import { localText } from '../../worker/platform/i18n/labels';
import { CsrfField, Layout, PostButton } from '../platform/layout';
import { usePage } from '../platform/page';

/** "Due at least N days ago" choices of the board's age filter. */
export const ESCALATION_AGES = ['1', '7', '14', '30'] as const;

export type EscalationFilter = {
  kind: (typeof ESCALATION_KINDS)[number] | null;
  city: string | null;
  rep: string | null;
  age: (typeof ESCALATION_AGES)[number] | null;
  page: number;
};
type Row = {
  escalation: typeof escalations.$inferSelect;
  dueAt: number;
  ownerName: string | null;
  repName: string | null;
  customerId: string | null;
  customerName: string | null;
  cityName: string | null;
  cityNameZh: string | null;
};
type Person = {
  id: string;
  name: string;
  regionId: string | null;
  cityId: string | null;
  role: string;
};
type City = { id: string; name: string; nameZh: string };

/**
 * Where an escalation's subject is shown: its task, the customer of its deal, lead or visit, or
 * the lead's own page while the lead has no customer yet.
 */
export function escalationSubjectHref(
  subjectType: string,
  subjectId: string,
  customerId: string | null,
): string | null {
  if (subjectType === 'task') return `/tasks/${subjectId}`;
  if (subjectType === 'lead' && !customerId) return `/leads/${encodeURIComponent(subjectId)}`;
  if (!customerId) return null;
  if (subjectType === 'deal') return `/customers/${customerId}#deal-${subjectId}`;
  if (subjectType === 'visit') return `/customers/${customerId}#visit-${subjectId}`;
  return `/customers/${customerId}`;
}

/** What the row is about: the customer, the subject's own words (unless they name the customer already, as commitments and leads do), its city. */
function subjectLine(
  customerName: string | null,
  title: string | null,
  city: string | null,
): string {
  const words = customerName && title?.includes(customerName) ? [title] : [customerName, title];
  return [words.filter(Boolean).join(' — '), city].filter(Boolean).join(' · ');
}

function pageHref(filter: EscalationFilter, page: number): string {
  const query = new URLSearchParams();
  for (const key of ['kind', 'city', 'rep', 'age'] as const)
    if (filter[key]) query.set(key, filter[key]);
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `/manager/escalations?${text}` : '/manager/escalations';
}

export function EscalationsPage({
  rows,
  total,
  perPage,
  filter,
  people,
  cities,
  kinds,
  error,
}: {
  rows: Row[];
  total: number;
  perPage: number;
  filter: EscalationFilter;
  people: Person[];
  cities: City[];
  /** The kinds to filter by (the schema's list). */
  kinds: typeof ESCALATION_KINDS;
  error?: string | undefined;
}) {
  const { t, now, locale, timeZone } = usePage();
  const pages = Math.max(1, Math.ceil(total / perPage));
  const cityName = (city: City) => (locale === 'zh-CN' ? city.nameZh : city.name);
  const first = total === 0 ? 0 : (filter.page - 1) * perPage + 1;
  return (
    <Layout title={t('escalations.title')}>
      <h1>{t('escalations.title')}</h1>
      {error ? (
        <p class="notice bad" role="alert">
          {error}
        </p>
      ) : null}
      <form class="filters" method="get" action="/manager/escalations">
        <label>
          {t('escalations.filterKind')}
          <select name="kind">
            <option value="">{t('escalations.allKinds')}</option>
            {kinds.map((kind) => (
              <option value={kind} selected={filter.kind === kind}>
                {t(`inbox.escalation.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('customers.city')}
          <select name="city">
            <option value="">{t('wall.filterAll')}</option>
            {cities.map((city) => (
              <option value={city.id} selected={filter.city === city.id}>
                {cityName(city)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('escalations.rep')}
          <select name="rep">
            <option value="">{t('escalations.allReps')}</option>
            {people
              .filter((person) => person.role === 'rep')
              .map((person) => (
                <option value={person.id} selected={filter.rep === person.id}>
                  {person.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('escalations.filterAge')}
          <select name="age">
            <option value="">{t('escalations.anyAge')}</option>
            {ESCALATION_AGES.map((days) => (
              <option value={days} selected={filter.age === days}>
                {t('escalations.ageAtLeast', { days })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('wall.filter')}</button>
      </form>
      <p class="muted" role="status">
        {t('escalations.showing', {
          first,
          last: first === 0 ? 0 : first + rows.length - 1,
          total,
        })}
      </p>
      {rows.length === 0 ? <p class="muted">{t('escalations.empty')}</p> : null}
      <ul class="rows" id="escalations">
        {rows.map(
          ({
            escalation,
            dueAt,
            ownerName,
            repName,
            customerId,
            customerName,
            cityName: city,
            cityNameZh,
          }) => {
            const href = escalationSubjectHref(
              escalation.subjectType,
              escalation.subjectId,
              customerId,
            );
            const subject = subjectLine(
              customerName,
              escalation.title ? localText(locale, escalation.title, escalation.titleZh) : null,
              city ? localText(locale, city, cityNameZh) : null,
            );
            return (
              <li
                id={`escalation-${escalation.id}`}
                class={escalation.status === 'open' ? 'overdue' : undefined}
              >
                <div class="row-body">
                  <span class="row-title">{t(`inbox.escalation.${escalation.kind}`)}</span>
                  {escalation.status === 'acknowledged' ? (
                    <span class="tag"> {t('escalations.acknowledged')}</span>
                  ) : null}
                  <br />
                  {subject ? href ? <a href={href}>{subject}</a> : <span>{subject}</span> : null}
                  <br />
                  <span class="muted">
                    {t('escalations.dueSince', {
                      date: formatDate(dueAt, locale, timeZone),
                      age: formatDuration(now - dueAt, t),
                    })}{' '}
                    · {t('escalations.owner')}: {ownerName ?? '—'}
                    {repName ? ` · ${t('escalations.rep')}: ${repName}` : ''}
                  </span>
                </div>
                <div class="row-actions">
                  {escalation.status === 'open' ? (
                    <PostButton
                      action={`/manager/escalations/${escalation.id}/acknowledge`}
                      label={t('escalations.acknowledge')}
                      buttonClass="secondary"
                    />
                  ) : null}
                  <PostButton
                    action={`/manager/escalations/${escalation.id}/resolve`}
                    label={t('escalations.resolve')}
                  />
                  <form
                    method="post"
                    action={`/manager/escalations/${escalation.id}/reassign`}
                    class="search"
                  >
                    <CsrfField />
                    <select name="ownerId" aria-label={t('escalations.reassign')}>
                      {people
                        .filter((person) => person.regionId === escalation.regionId)
                        .map((person) => (
                          <option value={person.id} selected={person.id === escalation.ownerId}>
                            {`${person.name} · ${t(`role.${person.role as 'rep'}`)}`}
                          </option>
                        ))}
                    </select>
                    <button type="submit" class="secondary">
                      {t('escalations.reassign')}
                    </button>
                  </form>
                </div>
              </li>
            );
          },
        )}
      </ul>
      {pages > 1 ? (
        <nav class="pager" aria-label={t('escalations.pages')}>
          {filter.page > 1 ? (
            <a class="button secondary" rel="prev" href={pageHref(filter, filter.page - 1)}>
              {t('escalations.previous')}
            </a>
          ) : null}
          <span class="muted">{t('escalations.pageOf', { page: filter.page, pages })}</span>
          {filter.page < pages ? (
            <a class="button secondary" rel="next" href={pageHref(filter, filter.page + 1)}>
              {t('escalations.next')}
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}
