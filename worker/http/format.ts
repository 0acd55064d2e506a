import type { Locale } from '../db/schema';
import type { Translate } from '../i18n';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatDateTime(at: number, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

export function formatDate(at: number, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium' }).format(at);
}

/** "3 h ago" / "in 2 d": the unit a rep reads fastest. */
export function formatRelative(at: number, now: number, t: Translate): string {
  const delta = at - now;
  const size = Math.abs(delta);
  if (size < MINUTE) return t('time.now');
  const [unit, n] = size < HOUR ? (['minutes', Math.round(size / MINUTE)] as const) : size < DAY ? (['hours', Math.round(size / HOUR)] as const) : (['days', Math.round(size / DAY)] as const);
  return t(delta < 0 ? `time.ago.${unit}` : `time.in.${unit}`, { n });
}
