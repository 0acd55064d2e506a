import type { OrderDetail } from '../../worker/orders/orders';
import { formatDate, formatMoney } from '../../worker/platform/http/format';
import type { MessageKey } from '../../worker/platform/i18n';
import { CsrfField, Layout, PostButton } from '../platform/layout';
import { RecordNotices } from '../platform/record-notices';
import { usePage } from '../platform/page';
import { RecordHistoryLink } from '../admin/record-history-link';

/** One order: lines, total, status, payments; changes for those with edit scope. */
export function OrderPage({
  order,
  today,
  notice,
  error,
}: {
  order: OrderDetail;
  /** Today in the order's region, the paid date a payment form proposes. */
  today: string;
  notice?: string | undefined;
  error?: MessageKey | undefined;
}) {
  const { t, locale, now } = usePage();
  const zone = order.timeZone;
  const money = (cents: number) => formatMoney(cents, locale, order.currency);
  const day = (at: number) => formatDate(at, locale, zone);
  const archived = order.archivedAt !== null;
  const actions = order.editable && !archived;
  const title = t('order.title', { date: day(order.orderedAt) });
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <RecordHistoryLink type="order" id={order.id} />
      <p>
        <span class={`tag order-${order.status}`}>{t(`order.status.${order.status}`)}</span>{' '}
        <a href={`/customers/${order.customerId}`}>{order.customerName}</a>
        {order.contractId ? (
          <>
            {' · '}
            <a href={`/contracts/${order.contractId}`}>{order.contractNumber}</a>
          </>
        ) : null}
      </p>
      <RecordNotices notice={notice} error={error} archived={archived ? 'order.archived' : null} />
      {order.deliveredAt ? (
        <p class="delivered">{t('order.deliveredAt', { date: day(order.deliveredAt) })}</p>
      ) : null}
      <section class="card">
        <h2>{t('order.lines')}</h2>
        <ul class="order-lines">
          {order.lines.map((line) => (
            <li>
              {line.product} · {line.quantity} × {money(line.unitPriceCents)} ={' '}
              <strong>{money(line.quantity * line.unitPriceCents)}</strong>
            </li>
          ))}
        </ul>
        <p>
          {t('order.total')}: <strong class="order-total">{money(order.amountCents)}</strong>
        </p>
        {actions && order.status === 'placed' ? (
          <div class="actions">
            <form method="post" action={`/orders/${order.id}/status`}>
              <CsrfField />
              <input type="hidden" name="status" value="delivered" />
              <button type="submit">{t('order.markDelivered')}</button>
            </form>
            <form method="post" action={`/orders/${order.id}/status`}>
              <CsrfField />
              <input type="hidden" name="status" value="cancelled" />
              <button type="submit" class="secondary">
                {t('order.cancel')}
              </button>
            </form>
          </div>
        ) : null}
      </section>
      <section class="card">
        <h2>{t('order.payments')}</h2>
        {order.payments.length === 0 ? <p class="muted">{t('order.noPayments')}</p> : null}
        <ul class="timeline">
          {order.payments.map((payment) => (
            <li class="visit">
              <p>
                {money(payment.amountCents)} · {t('order.dueOn', { date: day(payment.dueAt) })} ·{' '}
                {payment.paidAt === null ? (
                  <strong>
                    {t('order.unpaid')}
                    {payment.dueAt < now ? ` (${t('order.late')})` : ''}
                  </strong>
                ) : (
                  <>
                    {t('order.paidOn', { date: day(payment.paidAt) })}
                    {payment.paidAt > payment.dueAt ? ` (${t('order.late')})` : ''}
                  </>
                )}
              </p>
              {actions && payment.paidAt === null ? (
                <form
                  class="search"
                  method="post"
                  action={`/orders/${order.id}/payments/${payment.id}/paid`}
                >
                  <CsrfField />
                  <input
                    type="date"
                    name="paidDate"
                    aria-label={t('order.paymentPaid')}
                    value={today}
                    required
                  />
                  <button type="submit" class="secondary">
                    {t('order.markPaid')}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        {actions ? (
          <form method="post" action={`/orders/${order.id}/payments`}>
            <CsrfField />
            <label for="amount">{t('order.paymentAmount')}</label>
            <input id="amount" name="amount" type="text" required />
            <label for="dueDate">{t('order.paymentDue')}</label>
            <input id="dueDate" name="dueDate" type="date" required />
            <p>
              <button type="submit">{t('order.addPayment')}</button>
            </p>
          </form>
        ) : null}
      </section>
      {order.editable ? (
        <PostButton
          action={`/orders/${order.id}/${archived ? 'restore' : 'archive'}`}
          label={t(archived ? 'contract.restore' : 'contract.archive')}
          buttonClass="secondary"
        />
      ) : null}
    </Layout>
  );
}
