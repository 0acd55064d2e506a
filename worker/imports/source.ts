/** The uploaded file of an import, kept in R2 under the import's id, read back as records. */
import { HttpError } from '../platform/http/errors';
import { decodeCsv, parseCsv, parseCsvFrom } from './csv-read';

export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

export const sourceKey = (importId: string) => `imports/${importId}/source.csv`;

/** The file's text; it was decoded once on upload, so a failure now means the object is gone. */
export async function readSource(env: Env, importId: string): Promise<string> {
  const object = await env.FILES.get(sourceKey(importId));
  if (!object) throw new HttpError(404, 'not_found', 'The uploaded file is gone.');
  const decoded = decodeCsv(new Uint8Array(await object.arrayBuffer()));
  if (!decoded.ok) throw new Error(`import ${importId}: the stored file no longer decodes`);
  return decoded.text;
}

/** Data rows `[from, from + count)` of the file (row 0 is the one under the header). */
export function dataRows(text: string, from: number, count: number): string[][] {
  return parseCsv(text, 1 + from + count).slice(1 + from);
}

/** Up to `count` data rows starting at character `offset` (a row's beginning), and where the next begins. */
export function rowsAt(text: string, offset: number, count: number) {
  return parseCsvFrom(text, offset, count);
}

/** The spreadsheet's row number of data row `index` (the header is row 1). */
export const sheetRow = (index: number) => index + 2;
