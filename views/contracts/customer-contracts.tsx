import type { getCustomer } from '../../worker/customers/queries';
import { formatDate, formatMoney } from '../../worker/platform/http/format';
import { usePage } from '../platform/page';
import { ContractStatusTag } from './contract-page';

type CustomerDetail = NonNullable<Awaited<ReturnType<typeof getCustomer>>>;

/** The customer page's contracts: status, value, end, each linked to its page; "New contract" within edit scope. */
export function CustomerContracts({ customer }: { customer: CustomerDetail }) {
  const { t, locale, timeZone } = usePage();
  if (!customer.sections.contracts) return null;
  const mayCreate = customer.mayCreate.contracts;
  return (
    <section class="card" id="contracts">
      <h2>{t('customer.contracts')}</h2>
      {customer.contracts.length === 0 ? (
        <p class="muted">{t('customer.noContracts')}</p>
      ) : (
        <ul>
          {customer.contracts.map((contract) => (
            <li>
              <a href={`/contracts/${contract.id}`}>{contract.number}</a>{' '}
              <ContractStatusTag status={contract.shownStatus} /> ·{' '}
              {formatMoney(contract.amountCents, locale, contract.currency)} · {t('contracts.ends')}{' '}
              {formatDate(contract.endAt, locale, timeZone)}
            </li>
          ))}
        </ul>
      )}
      {mayCreate ? (
        <p>
          <a class="button secondary" href={`/customers/${customer.id}/contracts/new`}>
            {t('contract.new')}
          </a>
        </p>
      ) : null}
    </section>
  );
}
