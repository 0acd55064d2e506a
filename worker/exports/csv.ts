/**
 * CSV as Excel opens it cleanly: a UTF-8 byte-order mark first (so Chinese text is not read as
 * the ANSI code page), CRLF line ends, every field quoted with `"` doubled. Text that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`,
 * as the OWASP CSV-injection advice says. Pure, so it is unit-tested without I/O.
 */

export const CSV_BOM = '\uFEFF';

export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One quoted field; numbers are the export's own figures and are written as they are. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '""';
  const text = typeof value === 'number' ? String(value) : value;
  const safe = typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** One record, with its CRLF line end. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** An amount in minor units as decimal major units with two places ("1234.50", "-0.05"). */
export function majorUnits(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
