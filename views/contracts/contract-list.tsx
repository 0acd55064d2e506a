import type { listContracts } from '../../worker/contracts/contracts';
import type { ContractListFilter } from '../../worker/contracts/contract-input';
import { formatDate, formatMoney } from '../../worker/platform/http/format';
import type { MessageKey } from '../../worker/platform/i18n';
import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { ContractStatusTag } from './contract-page';
import { ExportLink } from '../exports/export-link';

type ContractPage = Awaited<ReturnType<typeof listContracts>>;

const FILTER_LABELS: Record<ContractListFilter, MessageKey> = {
  active: 'contract.status.active',
  draft: 'contract.status.draft',
  in_approval: 'contract.status.in_approval',
  expired: 'contract.status.expired',
  renewed: 'contract.status.renewed',
  terminated: 'contract.status.terminated',
  all: 'contracts.list.all',
  archived: 'contracts.list.archived',
};

/** The viewer's contracts, ending soonest first; a status filter; "more" pages on. */
export function ContractListPage({
  page,
  filter,
  filters,
}: {
  page: ContractPage;
  filter: ContractListFilter;
  filters: readonly ContractListFilter[];
}) {
  const { t, locale } = usePage();
  const moreHref = page.nextCursor
    ? `/contracts?${new URLSearchParams({ status: filter, cursor: page.nextCursor })}`
    : null;
  return (
    <Layout title={t('contracts.list.title')}>
      <h1>{t('contracts.list.title')}</h1>
      <ExportLink kind="contracts" archived={filter === 'archived'} />
      <form class="search" method="get" action="/contracts">
        <select name="status" aria-label={t('contracts.list.filter')}>
          {filters.map((option) => (
            <option value={option} selected={option === filter}>
              {t(FILTER_LABELS[option])}
            </option>
          ))}
        </select>
        <button type="submit">{t('contracts.list.filter')}</button>
      </form>
      <ul class="rows" id="contract-rows">
        {page.items.length === 0 ? <li class="muted empty">{t('contracts.list.empty')}</li> : null}
        {page.items.map((contract) => (
          <li>
            <a href={`/contracts/${contract.id}`}>
              <span class="row-title">{contract.number}</span>{' '}
              <ContractStatusTag status={contract.shownStatus} />
              <br />
              <span class="muted">
                {contract.customerName} ·{' '}
                {formatMoney(contract.amountCents, locale, contract.currency)} ·{' '}
                {t('contracts.ends')} {formatDate(contract.endAt, locale, contract.timeZone)}
              </span>
            </a>
          </li>
        ))}
        {moreHref ? (
          <li class="pager">
            <a class="button secondary" href={moreHref}>
              {t('contracts.list.more')}
            </a>
          </li>
        ) : null}
      </ul>
    </Layout>
  );
}
