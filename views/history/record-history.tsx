import type { AuditPageData } from '../../worker/admin/audit-log';
import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { AuditEntries } from '../admin/audit-log';

type RecordType = 'customer' | 'deal' | 'contract' | 'order';

const RECORD_PATHS: Record<RecordType, string> = {
  customer: '/customers',
  deal: '/deals',
  contract: '/contracts',
  order: '/orders',
};

/** One record's changes, newest first, with a way back to the record. */
export function RecordHistoryPage({
  record,
  page,
  path,
}: {
  record: { type: RecordType; id: string; name: string };
  page: Pick<AuditPageData, 'entries' | 'nextCursor'>;
  path: string;
}) {
  const { t } = usePage();
  const title = t('history.title', { name: record.name });
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`${RECORD_PATHS[record.type]}/${encodeURIComponent(record.id)}`}>
          {t('history.back', { name: record.name })}
        </a>
      </p>
      {page.entries.length === 0 ? <p class="muted">{t('history.empty')}</p> : null}
      <ul class="timeline" id="audit-entries">
        <AuditEntries page={page} filter={{}} path={path} />
      </ul>
    </Layout>
  );
}
