import { usePage } from '../platform/page';

/** "New customer", and the way between the live list and the archived customers (to restore them). */
export function CustomerListActions({
  archived,
  canCreate,
}: {
  archived: boolean;
  canCreate: boolean;
}) {
  const { t } = usePage();
  if (!canCreate) return null;
  return (
    <p class="actions">
      <a class="button" href="/customers/new">
        {t('customer.new.button')}
      </a>
      <a class="button secondary" href={archived ? '/customers' : '/customers?archived=1'}>
        {archived ? t('customer.archived.back') : t('customer.archived.list')}
      </a>
    </p>
  );
}
