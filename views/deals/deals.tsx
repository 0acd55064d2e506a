import { formatDate } from '../../worker/platform/http/format';
import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';

type StaleDeal = {
  id: string;
  name: string;
  stage: string;
  lastProgressAt: number;
  customerId: string;
  customerName: string;
};

/** The deals a stale-deal digest names: customer, deal, and since when it has been due. */
export function StaleDealsPage({ deals, staleAfter }: { deals: StaleDeal[]; staleAfter: number }) {
  const { t, locale, timeZone } = usePage();
  return (
    <Layout title={t('deals.staleTitle')}>
      <h1>{t('deals.staleTitle')}</h1>
      {deals.length === 0 ? <p class="muted">{t('deals.staleEmpty')}</p> : null}
      <ul class="rows">
        {deals.map((deal) => (
          <li id={`deal-${deal.id}`}>
            <div class="row-body">
              <a class="row-title" href={`/customers/${deal.customerId}#deal-${deal.id}`}>
                {deal.customerName} — {deal.name}
              </a>
              <br />
              <span class="muted">
                {t(`stage.${deal.stage as 'won'}`)} ·{' '}
                {t('deals.dueSince', {
                  date: formatDate(deal.lastProgressAt + staleAfter, locale, timeZone),
                })}
              </span>
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
