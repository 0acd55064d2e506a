import type { getCustomer } from '../../worker/customers/queries';
import { formatDate, formatMoney } from '../../worker/platform/http/format';
import { usePage } from '../platform/page';

type CustomerDetail = NonNullable<Awaited<ReturnType<typeof getCustomer>>>;

/** The customer page's latest orders, the on-time payment rate and "New order" within edit scope. */
export function CustomerOrders({ customer }: { customer: CustomerDetail }) {
  const { t, locale, timeZone } = usePage();
  const summary = customer.orders;
  if (!summary) return null;
  const mayCreate = customer.mayCreate.orders;
  const rate =
    summary.onTimeRate === null
      ? t('customer.onTimeRateNone')
      : t('customer.onTimeRate', {
          rate: new Intl.NumberFormat(locale, { style: 'percent' }).format(summary.onTimeRate),
        });
  return (
    <section class="card" id="orders">
      <h2>{t('customer.orders')}</h2>
      <p class="on-time-rate">{rate}</p>
      {summary.renewalReady ? <p class="muted">{t('customer.renewalReady')}</p> : null}
      {summary.latest.length === 0 ? (
        <p class="muted">{t('customer.noOrders')}</p>
      ) : (
        <ul>
          {summary.latest.map((order) => (
            <li>
              <a href={`/orders/${order.id}`}>
                {formatDate(order.orderedAt, locale, timeZone)} ·{' '}
                {formatMoney(order.amountCents, locale, order.currency)}
              </a>{' '}
              · {t(`order.status.${order.status}`)}
            </li>
          ))}
        </ul>
      )}
      {mayCreate ? (
        <p>
          <a class="button secondary" href={`/customers/${customer.id}/orders/new`}>
            {t('order.new')}
          </a>
        </p>
      ) : null}
    </section>
  );
}
