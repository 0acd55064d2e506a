import type { Locale } from '../db/schema';
import type { Translate } from '../i18n';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatDateTime(at: number, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(at);
}

export function formatDate(at: number, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium' }).format(at);
}

function unitOf(size: number) {
  return size < HOUR
    ? (['minutes', Math.round(size / MINUTE)] as const)
    : size < DAY
      ? (['hours', Math.round(size / HOUR)] as const)
      : (['days', Math.round(size / DAY)] as const);
}

/** "3 h ago" / "in 2 d": the unit a rep reads fastest. */
export function formatRelative(at: number, now: number, t: Translate): string {
  const delta = at - now;
  if (Math.abs(delta) < MINUTE) return t('time.now');
  const [unit, n] = unitOf(Math.abs(delta));
  return t(delta < 0 ? `time.ago.${unit}` : `time.in.${unit}`, { n });
}

/** "3 h": how long something has lasted. */
export function formatDuration(ms: number, t: Translate): string {
  const [unit, n] = unitOf(Math.max(MINUTE, ms));
  return t(`time.span.${unit}`, { n });
}

export function formatMoney(cents: number, locale: Locale, currency = 'CNY'): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    maximumFractionDigits: 0,
  }).format(cents / 100);
}

/** "850 m" under a kilometre, then kilometres ("1.5 km", "1,069 km"), in the reader's number format. */
export function formatDistance(metres: number, locale: Locale): string {
  const unit = (name: 'meter' | 'kilometer', digits: number) =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: name,
      unitDisplay: 'short',
      maximumFractionDigits: digits,
    });
  if (metres < 999.5) return unit('meter', 0).format(metres);
  const km = metres / 1000;
  return unit('kilometer', km < 10 ? 1 : 0).format(km);
}

/** The value a `datetime-local` input shows for an instant, in the region's zone. */
export function toLocalInputValue(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}
