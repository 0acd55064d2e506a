/**
 * Times people type: the form's local `YYYY-MM-DDTHH:mm` (read in a region's time zone) or ISO
 * 8601 with an offset (the API). Only real calendar times are accepted: JavaScript's Date would
 * roll 30 February into March and month 13 into next year, so every field is range-checked and
 * the date must round-trip through the calendar unchanged.
 */
import { zoneOffsetMs } from './zones';

/** How far ahead anything may be planned: follow-ups, commitments, campaign due times. */
export const PLANNING_HORIZON_MS = 365 * 86_400_000;

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** Whether y-m-d h:mi:s names a moment on the calendar (no rollover). */
export function isCalendarTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second = 0,
): boolean {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** Epoch milliseconds, or null for text that is not a real time in one of the two shapes. */
export function parseDateTime(text: string, timeZone: string): number | null {
  const local = LOCAL_DATE_TIME.exec(text);
  if (local) {
    const [, y, mo, d, h, mi] = local.map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (!isCalendarTime(y, mo, d, h, mi)) return null;
    const asUtc = Date.UTC(y, mo - 1, d, h, mi);
    // Two passes settle the offset on days the zone changes it.
    const guess = asUtc - zoneOffsetMs(asUtc, timeZone);
    return asUtc - zoneOffsetMs(guess, timeZone);
  }
  const iso = ISO_WITH_OFFSET.exec(text);
  if (!iso) return null;
  const [y, mo, d, h, mi, s] = iso.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [offsetHours, offsetMinutes] = [Number(iso[9] ?? 0), Number(iso[10] ?? 0)];
  if (!isCalendarTime(y, mo, d, h, mi, s) || offsetHours > 14 || offsetMinutes > 59) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : at;
}
