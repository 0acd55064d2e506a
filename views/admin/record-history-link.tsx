import type { AuditSubjectType } from '../../worker/admin/audit-log-rules';
import { usePage } from '../platform/page';

/** "History": the record's own audited changes, for anyone who may see the record. */
export function RecordHistoryLink({ type, id }: { type: AuditSubjectType; id: string }) {
  const { t } = usePage();
  return (
    <p class="history-link">
      <a href={`/history/${type}/${encodeURIComponent(id)}`}>{t('audit.history')}</a>
    </p>
  );
}
