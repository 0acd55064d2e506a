import { CsrfField, Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { cityLabel } from '../customers/customers';
import { MoreListItem } from '../platform/more-link';

const DAY_MS = 86_400_000;

type PoolCustomer = {
  id: string;
  name: string;
  regionId: string;
  ownerName: string;
  cityName: string;
  cityNameZh: string;
  dormantAt: number | null;
};
type Rep = { id: string; name: string; regionId: string | null };

/** A page of the pool and, when there is more, the link to the next (swapped in by htmx). */
export function NurtureRows({
  customers,
  reps,
  nextHref,
}: {
  customers: PoolCustomer[];
  reps: Rep[];
  nextHref: string | null;
}) {
  const { t, locale, now } = usePage();
  return (
    <>
      {customers.map((customer) => (
        <li id={`nurture-${customer.id}`}>
          <div class="row-body">
            <a class="row-title" href={`/customers/${customer.id}`}>
              {customer.name}
            </a>
            <br />
            <span class="muted">
              {cityLabel(locale, customer)} · {customer.ownerName} ·{' '}
              {t('nurture.daysDormant', {
                days:
                  customer.dormantAt === null ? 0 : Math.floor((now - customer.dormantAt) / DAY_MS),
              })}
            </span>
          </div>
          <form class="row-actions" method="post" action={`/nurture/${customer.id}/work`}>
            <CsrfField />
            <label for={`work-${customer.id}`}>{t('nurture.rep')}</label>
            <select id={`work-${customer.id}`} name="repId" required>
              {reps
                .filter((rep) => rep.regionId === customer.regionId)
                .map((rep) => (
                  <option value={rep.id}>{rep.name}</option>
                ))}
            </select>
            <button type="submit">{t('nurture.work')}</button>
          </form>
        </li>
      ))}
      {nextHref ? (
        <MoreListItem id="nurture-more" href={nextHref} label={t('nurture.more')} />
      ) : null}
    </>
  );
}

/** The nurture pool: dormant customers, longest dormant first, each with "Work it". */
export function NurturePage({
  customers,
  reps,
  nextHref,
  worked,
  error,
}: {
  customers: PoolCustomer[];
  reps: Rep[];
  nextHref: string | null;
  worked?: string | undefined;
  error?: string | undefined;
}) {
  const { t } = usePage();
  return (
    <Layout title={t('nurture.title')}>
      <h1>{t('nurture.title')}</h1>
      <p class="muted">{t('nurture.intro')}</p>
      {worked ? (
        <p class="notice" role="status">
          {t('nurture.worked', { rep: worked })}
        </p>
      ) : null}
      {error ? (
        <p class="notice bad" role="alert">
          {error}
        </p>
      ) : null}
      {customers.length === 0 ? <p class="muted">{t('nurture.empty')}</p> : null}
      <ul class="rows nurture">
        <NurtureRows customers={customers} reps={reps} nextHref={nextHref} />
      </ul>
    </Layout>
  );
}
