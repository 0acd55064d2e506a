/**
 * The words of a due item in a reminder, written once per language and stored as a parameter, so
 * the message reads in its reader's current language (worker/platform/i18n/messages.ts).
 */
import { LOCALES, type Locale } from '../platform/db/schema';
import { formatDateTime } from '../platform/http/format';
import { translator } from '../platform/i18n';
import type { DueItem } from './due-items';

/** The item itself: the customer, the promise, or the task's title in the reader's language. */
export function itemText(item: DueItem, locale: Locale): string {
  const t = translator(locale);
  switch (item.kind) {
    case 'follow_up':
      return t('reminder.item.follow_up', { customer: item.title });
    case 'commitment':
      return t('reminder.item.commitment', { customer: item.title, promise: item.detail ?? '' });
    case 'task':
      return t('reminder.item.task', {
        task: locale === 'zh-CN' && item.titleZh ? item.titleZh : item.title,
      });
  }
}

/** A text per language, built by `write` (a parameter of a stored message). */
export function inEachLocale(write: (locale: Locale) => string): Record<Locale, string> {
  return Object.fromEntries(LOCALES.map((locale) => [locale, write(locale)])) as Record<
    Locale,
    string
  >;
}

/** "Follow up Acme · 24 Nov 2026, 10:00": an item and when it is due. */
export function itemLine(item: DueItem, timeZone: string, locale: Locale): string {
  return translator(locale)('reminder.item.line', {
    item: itemText(item, locale),
    due: formatDateTime(item.dueAt, locale, timeZone),
  });
}
