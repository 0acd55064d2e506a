import { isMessageKey, type Translate } from './index';

type Detail = { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null };

/**
 * An audit action (`<subject>.<verb>`, e.g. `contract.status_changed`) in the reader's words: its
 * own catalog entry when it has one, else "<subject> <verb>" with the subject translated when
 * known and the verb spelled out (`status_changed` → "status changed").
 */
export function auditActionLabel(t: Translate, action: string): string {
  const key = `timeline.action.${action}`;
  if (isMessageKey(key)) return t(key);
  const [subject = action, ...rest] = action.split('.');
  const subjectKey = `timeline.subject.${subject}`;
  return t('timeline.action.generic', {
    subject: isMessageKey(subjectKey) ? t(subjectKey) : subject.replace(/_/g, ' '),
    verb: rest.join(' ').replace(/_/g, ' ') || action,
  });
}

const shown = (value: unknown) =>
  value === null || value === undefined ? '–' : typeof value === 'object' ? null : String(value);

/**
 * What an entry is about, from its before → after: the record's name or number, and for an edit
 * the plain fields that changed (at most three), e.g. "Wang Fang · title: CTO → CEO".
 */
export function auditSummary(detail: unknown): string {
  const { before, after } = (detail ?? {}) as Detail;
  const named = after?.name ?? before?.name ?? after?.number ?? before?.number;
  const parts: string[] = typeof named === 'string' ? [named] : [];
  if (before && after) {
    // Ids and raw instants mean nothing to a reader; their named twins (ownerName) say it.
    const changes = Object.keys(after)
      .filter((field) => !/(Id|At)$/.test(field))
      .filter((field) => field !== 'name' || before.name !== undefined)
      .map((field) => {
        const from = shown(before[field]);
        const to = shown(after[field]);
        return from === null || to === null ? null : `${field}: ${from} → ${to}`;
      })
      .filter((change): change is string => change !== null);
    parts.push(...changes.slice(0, 3));
  }
  return parts.join(' · ');
}
