/** Region-local calendar arithmetic with Intl only (no date library on the request path). */

// Making a formatter is costly (it loads the zone's rules); one per zone serves every call.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function localParts(at: number, timeZone: string) {
  const parts = formatterFor(timeZone).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of `timeZone` from UTC at instant `at`, in milliseconds (UTC+8 → 8 h). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The instant the region-local day containing `at` began. */
export function localDayStart(at: number, timeZone: string): number {
  const p = localParts(at, timeZone);
  const midnightAsUtc = Date.UTC(p.year, p.month - 1, p.day);
  return midnightAsUtc - zoneOffsetMs(midnightAsUtc, timeZone);
}

export function localHour(at: number, timeZone: string): number {
  return localParts(at, timeZone).hour;
}

/** `YYYY-MM-DD` of the region-local day containing `at`. */
export function localDay(at: number, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The instants `[start, end)` of the region-local calendar day `YYYY-MM-DD`. */
export function localDayRange(day: string, timeZone: string): { start: number; end: number } {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const noonUtc = Date.UTC(year, month - 1, date, 12);
  const start = localDayStart(noonUtc, timeZone);
  const end = localDayStart(noonUtc + 86_400_000, timeZone);
  return { start, end };
}
