/**
 * A customer CSV as a region would hand it over, made from the seed generator's customers: the
 * import test and `npm run bench:import` read it. Every 100th row is deliberately wrong (1%),
 * each in one field, so the expected error report is known row by row.
 */
import { csvRow, CSV_BOM } from '../../worker/exports/csv';
import type { SeedData } from './generate';

export const BAD_ROW_EVERY = 100;

const HEADERS = ['External ID', '客户名称', '手机', 'Email', '城市', 'Grade', '行业', 'Owner'];

/** What a bad row breaks, in turn: the column it names and the value written there. */
const FAULTS: { column: number; value: string }[] = [
  { column: 2, value: 'call me' },
  { column: 4, value: 'Atlantis' },
  { column: 5, value: 'Z' },
  { column: 3, value: 'not-an-email' },
  { column: 1, value: '' },
];

export type CustomerCsv = {
  csv: string;
  rows: number;
  /** Spreadsheet row numbers (header = 1) of the deliberately wrong rows. */
  badRows: number[];
};

/**
 * `count` of `source`'s customers (from `options.from` on, external ids `<idPrefix><seed id>`) as rows of `regionId` of `company` (its cities
 * and reps, so the owners exist where the file is imported), with a UTF-8 BOM.
 */
export function customerImportCsv(
  source: SeedData,
  company: Pick<SeedData, 'cities' | 'users'>,
  regionId: string,
  count: number,
  options: { from?: number; idPrefix?: string } = {},
): CustomerCsv {
  const { from = 0, idPrefix = 'ext-' } = options;
  const cities = company.cities.filter((city) => city.regionId === regionId);
  const reps = company.users.filter((user) => user.role === 'rep' && user.regionId === regionId);
  if (source.customers.length < from + count)
    throw new Error(`the seed has only ${source.customers.length} customers`);
  const lines = [CSV_BOM + csvRow(HEADERS)];
  const badRows: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const customer = source.customers[from + i]!;
    const city = cities[i % cities.length]!;
    const cells = [
      `${idPrefix}${customer.id}`,
      customer.name,
      customer.phone ?? '',
      customer.email ?? '',
      i % 2 ? city.name : city.nameZh,
      customer.grade,
      customer.industry,
      reps[i % reps.length]!.email,
    ];
    if ((i + 1) % BAD_ROW_EVERY === 0) {
      const fault = FAULTS[badRows.length % FAULTS.length]!;
      cells[fault.column] = fault.value;
      badRows.push(i + 2);
    }
    lines.push(csvRow(cells));
  }
  return { csv: lines.join(''), rows: count, badRows };
}
