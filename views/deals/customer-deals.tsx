import type { getCustomer } from '../../worker/customers/queries';
import { formatMoney } from '../../worker/platform/http/format';
import { usePage } from '../platform/page';

type CustomerDetail = NonNullable<Awaited<ReturnType<typeof getCustomer>>>;

/** The customer page's open deals, each linked to its page, and "New deal" for whoever may add one. */
export function CustomerDeals({ customer }: { customer: CustomerDetail }) {
  const { t, locale } = usePage();
  if (!customer.sections.deals) return null;
  return (
    <section class="card">
      <h2>{t('customer.deals')}</h2>
      {customer.openDeals.length === 0 ? (
        <p class="muted">{t('customer.noDeals')}</p>
      ) : (
        <ul>
          {customer.openDeals.map((deal) => (
            <li id={`deal-${deal.id}`}>
              <a href={`/deals/${deal.id}`}>{deal.name}</a> ·{' '}
              <strong>{t(`stage.${deal.stage}`)}</strong> ·{' '}
              {formatMoney(deal.amountCents, locale, deal.currency)}
            </li>
          ))}
        </ul>
      )}
      {customer.mayAddDeal ? (
        <p class="actions">
          <a class="button secondary" href={`/customers/${customer.id}/deals/new`}>
            {t('deals.new')}
          </a>
        </p>
      ) : null}
    </section>
  );
}
