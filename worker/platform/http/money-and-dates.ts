/**
 * Money and calendar dates as people type them in the sales book's forms and API: amounts in
 * major units ("120,000.50") become integer minor units; a date `YYYY-MM-DD` is the start of that
 * day in the record's region time zone.
 */
import { z } from 'zod';
import type { MessageKey } from '../i18n';
import { isCalendarTime, parseDateTime } from '../time/parse-time';
import { localDay, localDayRange } from '../time/zones';

const MAJOR_UNITS = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Integer minor units of a non-negative amount with at most 2 decimals, or null. */
export function parseMajorUnits(text: string): number | null {
  const match = MAJOR_UNITS.exec(text.trim().replace(/[,\s]/g, ''));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** The text a form field shows for an amount in minor units ("1500.5" → "1500.50"). */
export function majorUnitsText(cents: number): string {
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0')}`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The instant a typed date names: `YYYY-MM-DD` is the start of that day in `timeZone`; the API may
 * also send ISO 8601 with an offset. Null for anything else (or 30 February).
 */
export function parseDay(text: string, timeZone: string): number | null {
  const trimmed = text.trim();
  const day = DATE.exec(trimmed);
  if (!day) return parseDateTime(trimmed, timeZone);
  const [y, m, d] = day.slice(1).map(Number) as [number, number, number];
  return isCalendarTime(y, m, d, 0, 0) ? localDayRange(trimmed, timeZone).start : null;
}

/** The value of a date input for an instant, in the region's zone. */
export function dayInputValue(at: number | null | undefined, timeZone: string): string {
  return at === null || at === undefined ? '' : localDay(at, timeZone);
}

/** ISO 4217-shaped currency codes, upper-cased. */
export const CURRENCY = /^[A-Z]{3}$/;

const message = (key: MessageKey) => ({ message: key });

/** A form's amount in major units, as integer minor units; `key` is the field's message. */
export const majorUnitsField = (key: MessageKey) =>
  z.string(message(key)).transform((text, ctx) => {
    const cents = parseMajorUnits(text);
    if (cents === null) ctx.addIssue({ code: 'custom', ...message(key) });
    return cents ?? 0;
  });

/** A typed date (see `parseDay`) as an instant in `timeZone`; `key` is the field's message. */
export const dayField = (timeZone: string, key: MessageKey) =>
  z.string(message(key)).transform((text, ctx) => {
    const at = parseDay(text, timeZone);
    if (at === null) ctx.addIssue({ code: 'custom', ...message(key) });
    return at ?? 0;
  });

/** A currency code, upper-cased; `key` is the field's message. */
export const currencyField = (key: MessageKey) =>
  z.string(message(key)).trim().toUpperCase().regex(CURRENCY, message(key));
