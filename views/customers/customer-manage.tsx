import { formatDate } from '../../worker/platform/http/format';
import type { PossibleDuplicate } from '../../worker/customers/duplicate-query';
import { CsrfField } from '../platform/layout';
import { usePage } from '../platform/page';
import { DuplicateList } from './customer-form';

/**
 * The customer page's own management: the "Archived" banner with Restore, or Edit and Archive
 * (archiving asks first, without JS: the button sits behind a disclosure that says what happens),
 * and the possible duplicates of a customer created offline.
 */
export type CustomerManagement = {
  /** The viewer may edit, archive and restore this customer. */
  editable: boolean;
  duplicates?: PossibleDuplicate[] | undefined;
};

export function CustomerManage({
  customer,
  manage,
}: {
  customer: { id: string; archivedAt: number | null };
  manage?: CustomerManagement | undefined;
}) {
  const { t, locale, timeZone } = usePage();
  const editor = manage?.editable ?? false;
  const duplicates = manage?.duplicates;
  return (
    <>
      {duplicates && duplicates.length > 0 ? (
        <>
          <p class="notice bad">{t('customer.duplicates.afterSync')}</p>
          <DuplicateList duplicates={duplicates} />
        </>
      ) : null}
      {customer.archivedAt !== null ? (
        <div class="notice bad archived-banner" role="status">
          <p>
            <strong>{t('customer.archived.tag')}</strong> ·{' '}
            {t('customer.archived.since', {
              date: formatDate(customer.archivedAt, locale, timeZone),
            })}
          </p>
          {editor ? (
            <form method="post" action={`/customers/${customer.id}/restore`}>
              <CsrfField />
              <button type="submit">{t('customer.restore')}</button>
            </form>
          ) : null}
        </div>
      ) : editor ? (
        <div class="actions customer-manage">
          <a class="button secondary" href={`/customers/${customer.id}/edit`}>
            {t('customer.edit')}
          </a>
          <details>
            <summary class="button secondary">{t('customer.archive')}</summary>
            <form method="post" action={`/customers/${customer.id}/archive`} class="card">
              <CsrfField />
              <p>{t('customer.archive.confirm')}</p>
              <button type="submit">{t('customer.archive.submit')}</button>
            </form>
          </details>
        </div>
      ) : null}
    </>
  );
}
