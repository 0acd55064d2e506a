import type { RenewalDetail, RenewalListRow } from '../../worker/renewals/renewals';
import { formatDate, formatMoney } from '../../worker/platform/http/format';
import { Layout, PostButton } from '../platform/layout';
import { usePage } from '../platform/page';
import { ContractStatusTag } from '../contracts/contract-page';
import { RecordNotices } from '../platform/record-notices';

/** The renewal-preparation lists in the viewer's scope, the contract ending soonest first. */
export function RenewalListPage({ rows }: { rows: RenewalListRow[] }) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('renewals.title')}>
      <h1>{t('renewals.title')}</h1>
      <p class="muted">{t('renewals.intro')}</p>
      <ul class="rows" id="renewal-rows">
        {rows.length === 0 ? <li class="muted empty">{t('renewals.empty')}</li> : null}
        {rows.map((row) => (
          <li>
            <a href={`/renewals/${row.id}`}>
              <span class="row-title">{row.customerName}</span>
              <br />
              <span class="muted">
                {row.contractNumber} · {formatMoney(row.amountCents, locale, row.currency)} ·{' '}
                {t('renewals.ends', { date: formatDate(row.endAt, locale, row.timeZone) })} ·{' '}
                {t('renewals.progress', { done: row.checked, total: row.total })}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** One list: the contract's key terms, purchase history, last prices, open deals and the checklist. */
export function RenewalPage({ renewal, notice }: { renewal: RenewalDetail; notice: boolean }) {
  const { t, locale } = usePage();
  const { contract } = renewal;
  const day = (at: number) => formatDate(at, locale, renewal.timeZone);
  const money = (cents: number, currency: string) => formatMoney(cents, locale, currency);
  return (
    <Layout title={`${t('renewals.title')}: ${renewal.customerName}`}>
      <h1>{renewal.customerName}</h1>
      <p>
        <a href={`/contracts/${contract.id}`}>
          {t('renewal.subtitle', { number: contract.number })}
        </a>{' '}
        · <a href={`/customers/${renewal.customerId}`}>{t('contract.customer')}</a>
      </p>
      <RecordNotices notice={notice ? t('renewal.ticked') : undefined} archived={null} />
      <section class="card" id="renewal-terms">
        <h2>{t('renewal.terms')}</h2>
        <dl class="facts">
          <dt>{t('contract.number')}</dt>
          <dd>{contract.number}</dd>
          <dt>{t('renewal.status')}</dt>
          <dd>
            <ContractStatusTag status={renewal.shownStatus} />
          </dd>
          <dt>{t('contract.startDate')}</dt>
          <dd>{day(contract.startAt)}</dd>
          <dt>{t('contract.endDate')}</dt>
          <dd>{day(contract.endAt)}</dd>
          <dt>{t('contract.value')}</dt>
          <dd>{money(contract.amountCents, contract.currency)}</dd>
          <dt>{t('contract.paymentTerms')}</dt>
          <dd>{contract.paymentTerms}</dd>
          <dt>{t('contract.renewalTerms')}</dt>
          <dd>{contract.renewalTerms ?? t('contract.none')}</dd>
          <dt>{t('contract.owner')}</dt>
          <dd>{renewal.ownerName}</dd>
          <dt>{t('contract.file')}</dt>
          <dd>
            {contract.fileKey ? (
              <a href={`/contracts/${contract.id}/file`}>
                {t('contract.fileOpen', { name: contract.fileName ?? '' })}
              </a>
            ) : (
              t('contract.noFile')
            )}
          </dd>
        </dl>
      </section>
      <section class="card" id="renewal-checklist">
        <h2>{t('renewal.checklist')}</h2>
        <ul class="rows">
          {renewal.checklist.map(({ item, check }) => {
            return (
              <li id={`check-${item}`} class={check ? 'done' : undefined}>
                <div class="row-body">
                  <span class="row-title">
                    {check ? '☑ ' : '☐ '}
                    {t(`renewal.check.${item}`)}
                  </span>
                  {check ? (
                    <>
                      <br />
                      <span class="muted">
                        {t('renewal.checkedBy', {
                          name: check.doneByName,
                          date: day(check.doneAt),
                        })}
                      </span>
                    </>
                  ) : null}
                </div>
                <div class="row-actions">
                  <PostButton
                    action={`/renewals/${renewal.id}/checks/${item}/${check ? 'undo' : 'done'}`}
                    label={t(check ? 'renewal.untick' : 'renewal.tick')}
                    buttonClass={check ? 'secondary' : undefined}
                  />
                </div>
              </li>
            );
          })}
        </ul>
      </section>
      <section class="card" id="renewal-prices">
        <h2>{t('renewal.lastPrices')}</h2>
        <p class="muted">{t('renewal.lastPricesHelp')}</p>
        {renewal.lastPrices.length === 0 ? (
          <p class="muted">{t('renewal.noPurchases')}</p>
        ) : (
          <dl class="facts">
            {renewal.lastPrices.map((line) => (
              <>
                <dt>{line.product}</dt>
                <dd>
                  {money(line.unitPriceCents, line.currency)} · {day(line.orderedAt)}
                </dd>
              </>
            ))}
          </dl>
        )}
      </section>
      <section class="card" id="renewal-orders">
        <h2>{t('renewal.purchases')}</h2>
        {renewal.recentOrders.length === 0 ? (
          <p class="muted">{t('renewal.noPurchases')}</p>
        ) : (
          <ul class="rows">
            {renewal.recentOrders.map((order) => (
              <li>
                <a href={`/orders/${order.id}`}>
                  <span class="row-title">{day(order.orderedAt)}</span> ·{' '}
                  {money(order.amountCents, order.currency)} · {t(`order.status.${order.status}`)}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" id="renewal-deals">
        <h2>{t('renewal.openDeals')}</h2>
        {renewal.openDeals.length === 0 ? (
          <p class="muted">{t('renewal.noOpenDeals')}</p>
        ) : (
          <ul class="rows">
            {renewal.openDeals.map((deal) => (
              <li>
                <span class="row-title">{deal.name}</span> · {t(`stage.${deal.stage}`)} ·{' '}
                {money(deal.amountCents, deal.currency)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
