import type { Locale } from '../worker/db/schema';
import { healthBand } from '../worker/customers/health';
import { formatDate, formatDateTime, formatRelative } from '../worker/http/format';
import type { getCustomer, listCustomers } from '../worker/customers/queries';
import { Layout, type PageFrame } from './layout';

type CustomerPage = Awaited<ReturnType<typeof listCustomers>>;
type CustomerDetail = NonNullable<Awaited<ReturnType<typeof getCustomer>>>;

export function cityLabel(locale: Locale, city: { cityName: string; cityNameZh: string }) {
  return locale === 'zh-CN' ? city.cityNameZh : city.cityName;
}

export function HealthBadge({ frame, score }: { frame: PageFrame; score: number | null }) {
  const band = score === null ? 'unknown' : healthBand(score);
  return (
    <span class={`health ${band}`} title={frame.t(`health.${band}`)}>
      {score === null ? '–' : score}
      <span class="skip">{frame.t(`health.${band}`)}</span>
    </span>
  );
}

/** The rows and the "more" link: swapped in place by htmx, or a full page without JS. */
export function CustomerRows({ frame, page, query }: { frame: PageFrame; page: CustomerPage; query: string }) {
  const { t } = frame;
  const moreHref = page.nextCursor ? `/customers?${new URLSearchParams({ ...(query ? { q: query } : {}), cursor: page.nextCursor })}` : null;
  return (
    <>
      {page.items.map((customer) => (
        <li>
          <a href={`/customers/${customer.id}`}>
            <span class="row-title">{customer.name}</span> <HealthBadge frame={frame} score={customer.healthScore} />
            <br />
            <span class="muted">
              {cityLabel(frame.locale, customer)} · {customer.grade} · {t('customers.nextFollowUp')}:{' '}
              {customer.nextFollowUpAt ? formatRelative(customer.nextFollowUpAt, frame.now, t) : t('customers.none')}
            </span>
          </a>
        </li>
      ))}
      {moreHref ? (
        <li class="pager" id="more-customers">
          <a class="button secondary" href={moreHref} hx-get={moreHref} hx-target="#more-customers" hx-swap="outerHTML">
            {t('customers.more')}
          </a>
        </li>
      ) : null}
    </>
  );
}

export function CustomerListPage({ frame, page, query }: { frame: PageFrame; page: CustomerPage; query: string }) {
  const { t } = frame;
  return (
    <Layout frame={frame} title={t('customers.title')}>
      <h1>{t('customers.title')}</h1>
      <form class="search" method="get" action="/customers" role="search">
        <input type="search" name="q" value={query} aria-label={t('customers.search')} placeholder={t('customers.search')} maxlength={100} />
        <button type="submit">{t('customers.searchSubmit')}</button>
      </form>
      {page.items.length === 0 ? <p class="muted">{t('customers.empty')}</p> : null}
      <ul class="rows" id="customer-rows">
        <CustomerRows frame={frame} page={page} query={query} />
      </ul>
    </Layout>
  );
}

export function CustomerDetailPage({ frame, customer }: { frame: PageFrame; customer: CustomerDetail }) {
  const { t, locale, timeZone } = frame;
  const none = t('customers.none');
  return (
    <Layout frame={frame} title={customer.name}>
      <h1>
        {customer.name} <HealthBadge frame={frame} score={customer.healthScore} />
      </h1>
      <section class="card">
        <dl class="facts">
          <dt>{t('customers.grade')}</dt>
          <dd>{customer.grade}</dd>
          <dt>{t('customers.stage')}</dt>
          <dd>{t(`lifecycle.${customer.lifecycleStage}`)}</dd>
          <dt>{t('customers.industry')}</dt>
          <dd>{customer.industry}</dd>
          <dt>{t('customers.city')}</dt>
          <dd>{cityLabel(locale, customer)}</dd>
          <dt>{t('customers.owner')}</dt>
          <dd>{customer.ownerName}</dd>
          <dt>{t('customers.phone')}</dt>
          <dd>{customer.phone ? <a href={`tel:${customer.phone}`}>{customer.phone}</a> : none}</dd>
          <dt>{t('customers.lastTouch')}</dt>
          <dd>{customer.lastTouchAt ? formatDate(customer.lastTouchAt, locale, timeZone) : none}</dd>
          <dt>{t('customers.nextFollowUp')}</dt>
          <dd>{customer.nextFollowUpAt ? formatDateTime(customer.nextFollowUpAt, locale, timeZone) : none}</dd>
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
    </Layout>
  );
}
