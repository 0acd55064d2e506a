/**
 * The daily report's pure rules (docs/rules.md#daily-report): which 100 visits the ACI is sampled
 * from, the days compared, shares and medians. No I/O, so they are unit-tested alone.
 */

/** How many of a day's visits the report's ACI is computed on. */
export const ACI_SAMPLE_SIZE = 100;

const PRIME = 2_147_483_647; // 2^31 − 1
/** The last characters of an id that the sample key mixes (ids differ at their end). */
const KEY_CHARS = 12;

/** The sample's seed for a region's day: FNV-1a of `regionId:day`, so a rerun draws the same sample. */
export function sampleSeed(regionId: string, day: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${regionId}:${day}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % (PRIME - 1);
}

/**
 * The position of a visit in a day's random order: a polynomial hash of the id's last characters,
 * multiplied by a seed-chosen factor modulo a prime (a different permutation per seed). The
 * sample is the ACI_SAMPLE_SIZE visits with the smallest keys (ties: by id). `sampleKeySql`
 * computes the same number in SQLite.
 */
export function sampleKey(id: string, seed: number): number {
  let hash = 7;
  for (let k = 1; k <= KEY_CHARS; k++) {
    const code = k <= id.length ? id.charCodeAt(id.length - k) : 0;
    hash = (hash * 131 + code) % PRIME;
  }
  return Number((BigInt(hash) * BigInt(1 + seed)) % BigInt(PRIME));
}

/** `sampleKey` as an SQLite expression over an id column and a seed column (integer maths only). */
export function sampleKeySql(idColumn: string, seedColumn: string): string {
  let hash = '7';
  for (let k = 1; k <= KEY_CHARS; k++)
    hash = `((${hash}) * 131 + coalesce(unicode(substr(${idColumn}, -${k}, 1)), 0)) % ${PRIME}`;
  return `((${hash}) * (1 + ${seedColumn})) % ${PRIME}`;
}

/** The same weekday one week earlier, `YYYY-MM-DD`. */
export function sameWeekdayLastWeek(day: string): string {
  return shiftDay(day, -7);
}

export function shiftDay(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** Every day from `fromDay` to `toDay`, both included. */
export function daysBetween(fromDay: string, toDay: string): string[] {
  const days: string[] = [];
  for (let day = fromDay; day <= toDay; day = shiftDay(day, 1)) days.push(day);
  return days;
}

/** A whole percentage, or null when there is nothing to divide. */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((100 * part) / whole);
}

/** The median of ascending values: the middle one, or the mean of the two middle ones. */
export function median(ascending: readonly number[]): number | null {
  const n = ascending.length;
  if (n === 0) return null;
  const middle = Math.floor((n - 1) / 2);
  return n % 2 === 1 ? ascending[middle]! : (ascending[middle]! + ascending[middle + 1]!) / 2;
}

/**
 * A figure, its value on the same weekday last week (null: not known that day) and the change,
 * null when either side is unknown.
 */
export type Compared = { value: number | null; previous: number | null; change: number | null };

export function compared(value: number | null, previous: number | null): Compared {
  return { value, previous, change: value === null || previous === null ? null : value - previous };
}
