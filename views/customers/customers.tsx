import type { Locale } from '../../worker/platform/db/schema';
import type { HealthBand } from '../../worker/customers/health';
import { catalogLabel } from '../../worker/platform/i18n/labels';
import {
  formatDate,
  formatDateTime,
  formatDistance,
  formatMoney,
  formatRelative,
} from '../../worker/platform/http/format';
import type { getCustomer, listCustomers } from '../../worker/customers/queries';
import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { CustomerContracts } from '../contracts/customer-contracts';
import { CustomerOrders } from '../orders/customer-orders';

type CustomerPage = Awaited<ReturnType<typeof listCustomers>>;
type CustomerDetail = NonNullable<Awaited<ReturnType<typeof getCustomer>>>;

export function cityLabel(locale: Locale, city: { cityName: string; cityNameZh: string }) {
  return locale === 'zh-CN' ? city.cityNameZh : city.cityName;
}

export function HealthBadge({
  score,
  band,
}: {
  score: number | null;
  band: HealthBand | 'unknown';
}) {
  const frame = usePage();
  return (
    <span class={`health ${band}`} title={frame.t(`health.${band}`)}>
      {score === null ? '–' : score}
      <span class="skip">{frame.t(`health.${band}`)}</span>
    </span>
  );
}

/** The rows and the "more" link: swapped in place by htmx, or a full page without JS. */
export function CustomerRows({ page, query }: { page: CustomerPage; query: string }) {
  const frame = usePage();
  const { t } = frame;
  const moreHref = page.nextCursor
    ? `/customers?${new URLSearchParams({ ...(query ? { q: query } : {}), cursor: page.nextCursor })}`
    : null;
  return (
    <>
      {page.items.length === 0 ? <li class="muted empty">{t('customers.empty')}</li> : null}
      {page.items.map((customer) => (
        <li>
          <a href={`/customers/${customer.id}`}>
            <span class="row-title">{customer.name}</span>{' '}
            <HealthBadge score={customer.healthScore} band={customer.healthBand} />
            <br />
            <span class="muted">
              {cityLabel(frame.locale, customer)} · {customer.grade} · {t('customers.nextFollowUp')}
              :{' '}
              {customer.nextFollowUpAt
                ? formatRelative(customer.nextFollowUpAt, frame.now, t)
                : t('customers.none')}
            </span>
          </a>
        </li>
      ))}
      {moreHref ? (
        <li class="pager" id="more-customers">
          <a
            class="button secondary"
            href={moreHref}
            hx-get={moreHref}
            hx-target="#more-customers"
            hx-swap="outerHTML"
          >
            {t('customers.more')}
          </a>
        </li>
      ) : null}
    </>
  );
}

export function CustomerListPage({ page, query }: { page: CustomerPage; query: string }) {
  const { t } = usePage();
  return (
    <Layout title={t('customers.title')}>
      <h1>{t('customers.title')}</h1>
      <form class="search" method="get" action="/customers" role="search">
        <input
          type="search"
          name="q"
          value={query}
          aria-label={t('customers.search')}
          placeholder={t('customers.search')}
          maxlength={100}
          hx-get="/customers"
          hx-trigger="input changed delay:350ms, search"
          hx-target="#customer-rows"
          hx-swap="innerHTML"
          hx-push-url="true"
          autocomplete="off"
        />
        <button type="submit">{t('customers.searchSubmit')}</button>
      </form>
      <ul class="rows" id="customer-rows">
        <CustomerRows page={page} query={query} />
      </ul>
    </Layout>
  );
}

type VisitPage = CustomerDetail['visits'];

/** Timeline rows plus the "older visits" link; htmx swaps the link for the next page. */
export function VisitTimeline({ customerId, page }: { customerId: string; page: VisitPage }) {
  const { t, locale, timeZone } = usePage();
  const olderHref = page.nextCursor
    ? `/customers/${customerId}/visits?before=${encodeURIComponent(page.nextCursor)}`
    : null;
  return (
    <>
      {page.items.map((visit) => (
        <li class="visit">
          <p class="muted">
            {formatDateTime(visit.visitedAt, locale, timeZone)} · {visit.repName} ·{' '}
            {visit.checkInStatus === 'out_of_range'
              ? t('checkIn.out_of_range', {
                  distance:
                    visit.checkInDistanceM === null
                      ? '?'
                      : formatDistance(visit.checkInDistanceM, locale),
                })
              : t(`checkIn.${visit.checkInStatus}`)}
            {visit.stageReached ? ` · ${t(`stage.${visit.stageReached}`)}` : ''}
          </p>
          <p>{visit.summary}</p>
          {visit.commitmentText && visit.commitmentDueAt ? (
            <p class="muted">
              {t('customer.commitment', {
                text: visit.commitmentText,
                due: formatDateTime(visit.commitmentDueAt, locale, timeZone),
              })}
            </p>
          ) : null}
          {visit.photoKey ? (
            <a href={`/${visit.photoKey}`}>
              <img
                src={`/${visit.photoKey}`}
                alt={t('customer.photo')}
                width={160}
                loading="lazy"
              />
            </a>
          ) : null}
        </li>
      ))}
      {olderHref ? (
        <li class="pager" id="older-visits">
          <a
            class="button secondary"
            href={olderHref}
            hx-get={olderHref}
            hx-target="#older-visits"
            hx-swap="outerHTML"
          >
            {t('customer.olderVisits')}
          </a>
        </li>
      ) : null}
    </>
  );
}

export function CustomerVisitsPage({
  customer,
  page,
}: {
  customer: { id: string; name: string };
  page: VisitPage;
}) {
  const frame = usePage();
  return (
    <Layout title={customer.name}>
      <h1>
        <a href={`/customers/${customer.id}`}>{customer.name}</a>
      </h1>
      <ul class="timeline">
        <VisitTimeline customerId={customer.id} page={page} />
      </ul>
    </Layout>
  );
}

export function CustomerDetailPage({
  customer,
  notice,
}: {
  customer: CustomerDetail;
  notice?: string | undefined;
}) {
  const frame = usePage();
  const { t, locale, timeZone, now } = frame;
  const none = t('customers.none');
  const reasonKey =
    customer.healthBand === 'green'
      ? 'customer.healthReason.none'
      : customer.healthWeakest
        ? (`customer.healthReason.${customer.healthWeakest}` as const)
        : null;
  return (
    <Layout title={customer.name}>
      <h1>
        {customer.name} <HealthBadge score={customer.healthScore} band={customer.healthBand} />
      </h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {reasonKey ? <p class="muted health-reason">{t(reasonKey)}</p> : null}
      <p class="actions">
        {frame.user?.role === 'rep' ? (
          <a class="button" href={`/customers/${customer.id}/visits/new`}>
            {t('customer.logVisit')}
          </a>
        ) : null}
        {customer.phone ? (
          <a class="button secondary" href={`tel:${customer.phone}`}>
            {t('customer.call')}
          </a>
        ) : null}
      </p>
      <section class="card">
        <dl class="facts">
          <dt>{t('customers.grade')}</dt>
          <dd>{customer.grade}</dd>
          <dt>{t('customers.stage')}</dt>
          <dd>{t(`lifecycle.${customer.lifecycleStage}`)}</dd>
          <dt>{t('customers.industry')}</dt>
          <dd>{catalogLabel(t, 'industry', customer.industry)}</dd>
          <dt>{t('customers.city')}</dt>
          <dd>{cityLabel(locale, customer)}</dd>
          <dt>{t('customers.owner')}</dt>
          <dd>{customer.ownerName}</dd>
          <dt>{t('customers.lastTouch')}</dt>
          <dd>
            {customer.lastTouchAt ? formatDate(customer.lastTouchAt, locale, timeZone) : none}
          </dd>
          <dt>{t('customers.nextFollowUp')}</dt>
          <dd>
            {customer.nextFollowUpAt
              ? `${formatDateTime(customer.nextFollowUpAt, locale, timeZone)} (${formatRelative(customer.nextFollowUpAt, now, t)})`
              : none}
          </dd>
        </dl>
      </section>
      <section class="card">
        <h2>{t('customers.contacts')}</h2>
        {customer.contacts.length === 0 ? (
          <p class="muted">{t('customers.noContacts')}</p>
        ) : (
          <ul>
            {customer.contacts.map((contact) => (
              <li>
                {contact.name}
                {contact.title ? ` · ${contact.title}` : ''}
                {contact.phone ? (
                  <>
                    {' · '}
                    <a href={`tel:${contact.phone}`}>{contact.phone}</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {customer.sections.deals ? (
        <section class="card">
          <h2>{t('customer.deals')}</h2>
          {customer.openDeals.length === 0 ? (
            <p class="muted">{t('customer.noDeals')}</p>
          ) : (
            <ul>
              {customer.openDeals.map((deal) => (
                <li id={`deal-${deal.id}`}>
                  {deal.name} · <strong>{t(`stage.${deal.stage}`)}</strong> ·{' '}
                  {formatMoney(deal.amountCents, locale, deal.currency)}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {customer.sections.visits ? (
        <section class="card">
          <h2>{t('customer.visits')}</h2>
          {customer.visits.items.length === 0 ? (
            <p class="muted">{t('customer.noVisits')}</p>
          ) : null}
          <ul class="timeline">
            <VisitTimeline customerId={customer.id} page={customer.visits} />
          </ul>
        </section>
      ) : null}
      {customer.messages.length > 0 ? (
        <section class="card">
          <h2>{t('customer.messages')}</h2>
          <ul class="timeline">
            {customer.messages.map((message) => (
              <li class="visit">
                <p class="muted">
                  {formatDateTime(message.receivedAt, locale, timeZone)} · {message.channel}
                </p>
                <p>{message.text}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <CustomerContracts customer={customer} />
      <CustomerOrders customer={customer} />
    </Layout>
  );
}
