import type { Locale } from '../../worker/platform/db/schema';
import type { HealthBand } from '../../worker/customers/health';
import type { FeedbackShare } from '../../worker/follow-up/share-link';
import { FeedbackLinkCard } from '../follow-up/feedback-link-card';
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
import { CustomerDeals } from '../deals/customer-deals';
import { CustomerManage, type CustomerManagement } from './customer-manage';
import { CustomerListActions } from './customer-list-actions';
import { ExportLink } from '../exports/export-link';
import { ContactsSection } from './contacts-section';
import { CustomerTimeline } from './timeline';
import { ReassignBookLink, ReassignCustomerLink } from './reassign';
import { CustomerContracts } from '../contracts/customer-contracts';
import { CustomerOrders } from '../orders/customer-orders';
import { RecordHistoryLink } from '../admin/record-history-link';
import { MoreListItem } from '../platform/more-link';

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
export function CustomerRows({
  page,
  query,
  archived = false,
}: {
  page: CustomerPage;
  query: string;
  archived?: boolean;
}) {
  const frame = usePage();
  const { t } = frame;
  const moreHref = page.nextCursor
    ? `/customers?${new URLSearchParams({ ...(query ? { q: query } : {}), ...(archived ? { archived: '1' } : {}), cursor: page.nextCursor })}`
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
        <MoreListItem id="more-customers" href={moreHref} label={t('customers.more')} />
      ) : null}
    </>
  );
}

export function CustomerListPage({
  page,
  query,
  archived = false,
  canCreate = false,
}: {
  page: CustomerPage;
  query: string;
  archived?: boolean;
  canCreate?: boolean;
}) {
  const { t } = usePage();
  return (
    <Layout title={t('customers.title')}>
      <h1>{t('customers.title')}</h1>
      <CustomerListActions archived={archived} canCreate={canCreate} />
      <ExportLink kind="customers" archived={archived} />
      <form class="search" method="get" action="/customers" role="search">
        <input
          type="search"
          name="q"
          value={query}
          aria-label={t('customers.search')}
          placeholder={t('customers.search')}
          maxlength={100}
          hx-get={archived ? '/customers?archived=1' : '/customers'}
          hx-trigger="input changed delay:350ms, search"
          hx-target="#customer-rows"
          hx-swap="innerHTML"
          hx-push-url="true"
          autocomplete="off"
        />
        {archived ? <input type="hidden" name="archived" value="1" /> : null}
        <button type="submit">{t('customers.searchSubmit')}</button>
      </form>
      <ReassignBookLink />
      <ul class="rows" id="customer-rows">
        <CustomerRows page={page} query={query} archived={archived} />
      </ul>
    </Layout>
  );
}

export function CustomerDetailPage({
  customer,
  notice,
  manage,
  share,
}: {
  customer: CustomerDetail;
  notice?: string | undefined;
  manage?: CustomerManagement | undefined;
  share?: FeedbackShare | null | undefined;
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
      <RecordHistoryLink type="customer" id={customer.id} />
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {reasonKey ? <p class="muted health-reason">{t(reasonKey)}</p> : null}
      <p class="actions">
        {frame.user?.role === 'rep' && customer.archivedAt === null ? (
          <a class="button" href={`/customers/${customer.id}/visits/new`}>
            {t('customer.logVisit')}
          </a>
        ) : null}
        <ReassignCustomerLink customerId={customer.id} />
        {customer.phone ? (
          <a class="button secondary" href={`tel:${customer.phone}`}>
            {t('customer.call')}
          </a>
        ) : null}
      </p>
      <CustomerManage customer={customer} manage={manage} />
      <FeedbackLinkCard share={share} />
      <section class="card">
        <dl class="facts">
          <dt>{t('customers.grade')}</dt>
          <dd>{customer.grade}</dd>
          <dt>{t('customers.stage')}</dt>
          <dd>{t(`lifecycle.${customer.lifecycleStage}`)}</dd>
          <dt>{t('customers.industry')}</dt>
          <dd>{customer.industry ? catalogLabel(t, 'industry', customer.industry) : none}</dd>
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
      <ContactsSection customer={customer} />
      <CustomerDeals customer={customer} />
      <CustomerContracts customer={customer} />
      <CustomerOrders customer={customer} />
      <CustomerTimeline customer={customer} />
    </Layout>
  );
}
