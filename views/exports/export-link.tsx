import type { ExportKind } from '../../worker/exports/export-rows';
import { usePage } from '../platform/page';

/** "Export CSV": a download of the list's records in the viewer's scope (archived ones too when shown). */
export function ExportLink({ kind, archived = false }: { kind: ExportKind; archived?: boolean }) {
  const { t } = usePage();
  return (
    <p class="actions">
      <a
        class="button secondary"
        href={`/exports/${kind}.csv${archived ? '?archived=1' : ''}`}
        download
      >
        {t('export.link')}
      </a>
    </p>
  );
}
