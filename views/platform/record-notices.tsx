import type { MessageKey } from '../../worker/platform/i18n';
import { usePage } from './page';

/** Under a record's heading: the saved notice, why the last change was refused, "archived". */
export function RecordNotices({
  notice,
  error,
  archived,
}: {
  notice?: string | undefined;
  error?: MessageKey | undefined;
  /** What to say when the record is archived; null when it is not. */
  archived: MessageKey | null;
}) {
  const { t } = usePage();
  return (
    <>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p class="notice bad" role="alert">
          {t(error)}
        </p>
      ) : null}
      {archived ? <p class="notice">{t(archived)}</p> : null}
    </>
  );
}
