import type { getCustomer } from '../../worker/customers/queries';
import { mayPlaceRecord } from '../../worker/platform/access/policy';
import { displayedStatus } from '../../worker/contracts/contract-status';
import { formatDate, formatMoney } from '../../worker/platform/http/format';
import { usePage } from '../platform/page';
import { ContractStatusTag } from './contract-page';

type CustomerDetail = NonNullable<Awaited<ReturnType<typeof getCustomer>>>;

/** The customer page's contracts: status, value, end, each linked to its page; "New contract" within edit scope. */
export function CustomerContracts({ customer }: { customer: CustomerDetail }) {
  const { t, locale, timeZone, now, user } = usePage();
  if (!customer.sections.contracts) return null;
  const mayCreate =
    user !== null &&
    mayPlaceRecord(user, 'contracts', {
      regionId: customer.regionId,
      cityId: customer.cityId,
      ownerId: customer.ownerId,
    });
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
              <ContractStatusTag status={displayedStatus(contract, now)} /> ·{' '}
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
