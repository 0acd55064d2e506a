import type { Locale } from '../../worker/platform/db/schema';
import { CsrfField, Layout } from '../platform/layout';
import { usePage } from '../platform/page';

type Rep = { id: string; name: string; cityName: string | null; cityNameZh: string | null };
type BookCustomer = { id: string; name: string; ownerName: string };

const repLabel = (rep: Rep, locale: Locale) => {
  const city = locale === 'zh-CN' ? rep.cityNameZh : rep.cityName;
  return city ? `${rep.name} · ${city}` : rep.name;
};

/** "Reassign" on a customer's page, for managers and the director. */
export function ReassignCustomerLink({ customerId }: { customerId: string }) {
  const { t, can } = usePage();
  return can('reassignCustomers') ? (
    <a
      class="button secondary"
      href={`/customers/reassign?customer=${encodeURIComponent(customerId)}`}
    >
      {t('reassign.link')}
    </a>
  ) : null;
}

/** "Reassign customers" above the customer list, for managers and the director. */
export function ReassignBookLink() {
  const { t, can } = usePage();
  return can('reassignCustomers') ? (
    <p>
      <a class="button secondary" href="/customers/reassign">
        {t('reassign.title')}
      </a>
    </p>
  ) : null;
}

/**
 * Pick a rep whose customers to move (or come from one customer's page), tick the customers,
 * choose the rep they go to. Plain forms: works without JS.
 */
export function ReassignPage({
  reps,
  book,
  from,
  customer,
  checked,
  toUserId,
  error,
  notices,
}: {
  reps: Rep[];
  book: BookCustomer[];
  from: string | undefined;
  customer: string | undefined;
  checked: string[];
  toUserId: string | undefined;
  error: string | undefined;
  notices: string[];
}) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('reassign.title')}>
      <h1>{t('reassign.title')}</h1>
      {notices.map((notice) => (
        <p class="notice" role="status">
          {notice}
        </p>
      ))}
      {error ? (
        <p class="notice bad" role="alert">
          {error}
        </p>
      ) : null}
      <form class="card" method="get" action="/customers/reassign">
        <label for="reassign-from">{t('reassign.from')}</label>
        <select id="reassign-from" name="from">
          {reps.map((rep) => (
            <option value={rep.id} selected={rep.id === from}>
              {repLabel(rep, locale)}
            </option>
          ))}
        </select>
        <p>
          <button type="submit" class="secondary">
            {t('reassign.show')}
          </button>
        </p>
      </form>
      {book.length === 0 ? (
        <p class="muted">{from || customer ? t('reassign.none') : t('reassign.pick')}</p>
      ) : (
        <form class="card" method="post" action="/customers/reassign">
          <CsrfField />
          {from ? <input type="hidden" name="from" value={from} /> : null}
          {customer ? <input type="hidden" name="customer" value={customer} /> : null}
          <fieldset>
            <legend>{t('reassign.customers')}</legend>
            <ul class="plain">
              {book.map((row) => (
                <li>
                  <label>
                    <input
                      type="checkbox"
                      name="customerIds[]"
                      value={row.id}
                      checked={checked.includes(row.id)}
                    />
                    <span>
                      {row.name} <span class="muted">· {row.ownerName}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <label for="reassign-to">{t('reassign.to')}</label>
          <select id="reassign-to" name="toUserId" required>
            <option value="">{t('reassign.chooseRep')}</option>
            {reps.map((rep) => (
              <option value={rep.id} selected={rep.id === toUserId}>
                {repLabel(rep, locale)}
              </option>
            ))}
          </select>
          <p>
            <button type="submit">{t('reassign.submit')}</button>
          </p>
        </form>
      )}
    </Layout>
  );
}
