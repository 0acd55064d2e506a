import type { ContractDetail } from '../../worker/contracts/contracts';
import { formatDate, formatDateTime, formatMoney } from '../../worker/platform/http/format';
import type { ContractStatus } from '../../worker/platform/db/schema';
import { CsrfField, Layout, PostButton } from '../platform/layout';
import { RecordNotices } from '../platform/record-notices';
import { usePage } from '../platform/page';
import type { MessageKey } from '../../worker/platform/i18n';
import { RecordHistoryLink } from '../admin/record-history-link';

export function ContractStatusTag({ status }: { status: ContractStatus }) {
  const { t } = usePage();
  return <span class={`tag contract-${status}`}>{t(`contract.status.${status}`)}</span>;
}

const EVENT_KEYS: Record<string, MessageKey> = {
  'contract.created': 'contract.event.created',
  'contract.updated': 'contract.event.updated',
  'contract.status_changed': 'contract.event.status_changed',
  'contract.file_attached': 'contract.event.file_attached',
  'contract.archived': 'contract.event.archived',
  'contract.restored': 'contract.event.restored',
};

/** Everything about one contract, and what the viewer may do to it (edit scope only). */
export function ContractPage({
  contract,
  notice,
  error,
}: {
  contract: ContractDetail;
  notice?: string | undefined;
  error?: { key: MessageKey; field?: string | undefined } | undefined;
}) {
  const { t, locale } = usePage();
  const zone = contract.timeZone;
  const status = contract.shownStatus;
  const day = (at: number) => formatDate(at, locale, zone);
  const archived = contract.archivedAt !== null;
  const actions = contract.editable && !archived;
  return (
    <Layout title={contract.number}>
      <h1>{contract.number}</h1>
      <RecordHistoryLink type="contract" id={contract.id} />
      <p>
        <ContractStatusTag status={status} />{' '}
        <a href={`/customers/${contract.customerId}`}>{contract.customerName}</a>
      </p>
      <RecordNotices
        notice={notice}
        error={error?.key}
        archived={archived ? 'contract.archived' : null}
      />
      {contract.renewedBy ? (
        <p>
          <a href={`/contracts/${contract.renewedBy.id}`}>
            {t('contract.renewedBy', { number: contract.renewedBy.number })}
          </a>
        </p>
      ) : null}
      {contract.renews ? (
        <p>
          <a href={`/contracts/${contract.renews.id}`}>
            {t('contract.renews', { number: contract.renews.number })}
          </a>
        </p>
      ) : null}
      {status === 'terminated' && contract.terminationReason ? (
        <p>{t('contract.terminatedBecause', { reason: contract.terminationReason })}</p>
      ) : null}
      <section class="card">
        <dl class="facts">
          <dt>{t('contract.customer')}</dt>
          <dd>
            <a href={`/customers/${contract.customerId}`}>{contract.customerName}</a>
          </dd>
          {contract.dealId ? (
            <>
              <dt>{t('contract.deal')}</dt>
              <dd>
                <a href={`/deals/${contract.dealId}`}>{contract.dealName ?? contract.dealId}</a>
              </dd>
            </>
          ) : null}
          <dt>{t('contract.owner')}</dt>
          <dd>{contract.ownerName}</dd>
          <dt>{t('contract.value')}</dt>
          <dd class="contract-value">
            {formatMoney(contract.amountCents, locale, contract.currency)}
          </dd>
          <dt>{t('contract.startDate')}</dt>
          <dd class="contract-start">{day(contract.startAt)}</dd>
          <dt>{t('contract.endDate')}</dt>
          <dd class="contract-end">{day(contract.endAt)}</dd>
          <dt>{t('contract.paymentTerms')}</dt>
          <dd>{contract.paymentTerms}</dd>
          <dt>{t('contract.renewalTerms')}</dt>
          <dd>{contract.renewalTerms ?? t('contract.none')}</dd>
          <dt>{t('contract.maintenanceStart')}</dt>
          <dd>
            {contract.maintenanceStartAt ? day(contract.maintenanceStartAt) : t('contract.none')}
          </dd>
        </dl>
        {contract.skus.length > 0 ? (
          <ul>
            {contract.skus.map((line) => (
              <li>
                {line.sku} × {line.quantity} ·{' '}
                {formatMoney(line.unitPriceCents, locale, contract.currency)}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <section class="card">
        <h2>{t('contract.file')}</h2>
        {contract.fileKey ? (
          <p>
            <a class="button secondary" href={`/contracts/${contract.id}/file`}>
              {t('contract.fileOpen', { name: contract.fileName ?? '' })}
            </a>
          </p>
        ) : (
          <p class="muted">{t('contract.noFile')}</p>
        )}
        {actions ? (
          <form
            method="post"
            action={`/contracts/${contract.id}/file`}
            enctype="multipart/form-data"
          >
            <CsrfField />
            <label for="file">{t('contract.uploadFile')}</label>
            <input
              id="file"
              name="file"
              type="file"
              required
              accept="application/pdf,image/jpeg,image/png,image/webp"
            />
            <p class="muted">{t('contract.fileHelp')}</p>
            <button type="submit" class="secondary">
              {t('contract.uploadFile')}
            </button>
          </form>
        ) : null}
      </section>
      {contract.editable ? (
        <section class="card">
          {actions ? (
            <div class="actions">
              <a class="button secondary" href={`/contracts/${contract.id}/edit`}>
                {t('contract.edit')}
              </a>
              {status === 'draft' ? (
                <form method="post" action={`/contracts/${contract.id}/status`}>
                  <CsrfField />
                  <input type="hidden" name="action" value="submit" />
                  <button type="submit">{t('contract.submit')}</button>
                </form>
              ) : null}
              {status === 'active' || status === 'expired' ? (
                <a class="button" href={`/contracts/${contract.id}/renew`}>
                  {t('contract.renew')}
                </a>
              ) : null}
            </div>
          ) : null}
          {actions && status === 'draft' ? <p class="muted">{t('contract.submitHelp')}</p> : null}
          {actions && status === 'active' ? (
            <form method="post" action={`/contracts/${contract.id}/status`}>
              <CsrfField />
              <input type="hidden" name="action" value="terminate" />
              <label for="reason">{t('contract.terminateReason')}</label>
              <input id="reason" name="reason" type="text" maxlength={500} required />
              <button type="submit" class="secondary">
                {t('contract.terminate')}
              </button>
            </form>
          ) : null}
          <PostButton
            action={`/contracts/${contract.id}/${archived ? 'restore' : 'archive'}`}
            label={t(archived ? 'contract.restore' : 'contract.archive')}
            buttonClass="secondary"
          />
        </section>
      ) : null}
      <section class="card">
        <h2>{t('contract.orders')}</h2>
        {contract.mayOrder ? (
          <p>
            <a
              class="button secondary"
              href={`/customers/${contract.customerId}/orders/new?contractId=${contract.id}`}
            >
              {t('order.new')}
            </a>
          </p>
        ) : null}
        {contract.orders.length === 0 ? (
          <p class="muted">{t('contract.noOrders')}</p>
        ) : (
          <ul>
            {contract.orders.map((order) => (
              <li>
                <a href={`/orders/${order.id}`}>
                  {formatDate(order.orderedAt, locale, zone)} ·{' '}
                  {formatMoney(order.amountCents, locale, order.currency)} ·{' '}
                  {t(`order.status.${order.status}`)}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      {contract.history.length > 0 ? (
        <section class="card">
          <h2>{t('contract.history')}</h2>
          <ul class="timeline">
            {contract.history.map((entry) => (
              <li class="visit">
                <p class="muted">
                  {formatDateTime(entry.createdAt, locale, zone)} · {entry.actorName ?? ''}
                </p>
                <p>
                  {EVENT_KEYS[entry.action] ? t(EVENT_KEYS[entry.action]!) : entry.action}
                  {typeof entry.after.status === 'string'
                    ? ` → ${t(`contract.status.${entry.after.status as ContractStatus}`)}`
                    : ''}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
