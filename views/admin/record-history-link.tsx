import type { AuditSubjectType } from '../../worker/admin/audit-log-rules';
import { usePage } from '../platform/page';

/** "History": the record's own entries on the audit page, for those who may open it (admins). */
export function RecordHistoryLink({ type, id }: { type: AuditSubjectType; id: string }) {
  const { t, can } = usePage();
  if (!can('administer')) return null;
  return (
    <p class="history-link">
      <a href={`/admin/audit?subjectType=${type}&subjectId=${encodeURIComponent(id)}`}>
        {t('audit.history')}
      </a>
    </p>
  );
}
