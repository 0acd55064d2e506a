/**
 * Reading an uploaded CSV: the bytes decoded without guessing wrong (UTF-8 with or without a BOM,
 * else GB18030 — what Excel's Chinese "CSV" saves — else refused), then split into records the
 * RFC 4180 way. Pure, so both are unit-tested without I/O.
 */

export type Decoded =
  | { ok: true; text: string; encoding: 'utf-8' | 'gb18030' }
  | { ok: false; reason: 'import.error.encoding' };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function strictDecode(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // Not valid in this encoding, or the runtime has no decoder for it.
    return null;
  }
}

/**
 * Strict UTF-8 first: a file that is valid UTF-8 is almost surely meant as such. A file that is
 * not is read as GB18030 (a superset of GBK); a file neither decodes is refused, never imported
 * as mojibake.
 */
export function decodeCsv(bytes: Uint8Array): Decoded {
  const bom = UTF8_BOM.every((byte, i) => bytes[i] === byte);
  const utf8 = strictDecode('utf-8', bom ? bytes.subarray(3) : bytes);
  if (utf8 !== null) return { ok: true, text: utf8, encoding: 'utf-8' };
  if (bom) return { ok: false, reason: 'import.error.encoding' };
  const gb = strictDecode('gb18030', bytes);
  if (gb !== null) return { ok: true, text: gb, encoding: 'gb18030' };
  return { ok: false, reason: 'import.error.encoding' };
}

/**
 * The records of a CSV text from character `start` (a record's beginning): fields split on
 * commas, quoted fields may hold commas, line breaks and `""` for a quote; lines end in CRLF or
 * LF. Blank lines (a trailing one too) are no records. Stops after `limit` records; `end` is where
 * the next record begins, so a chunk of a large file starts there instead of splitting it all again.
 */
export function parseCsvFrom(
  text: string,
  start = 0,
  limit = Infinity,
): { records: string[][]; end: number } {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = start;
  const endRecord = () => {
    record.push(field);
    field = '';
    if (record.length > 1 || record[0] !== '') records.push(record);
    record = [];
  };
  while (i < text.length && records.length < limit) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n') endRecord();
    else if (ch === '\r') {
      if (text[i + 1] === '\n') i += 1;
      endRecord();
    } else field += ch;
    i += 1;
  }
  if (records.length < limit && (field !== '' || record.length > 0)) endRecord();
  return { records, end: i };
}

/** The records of a whole CSV text (or its first `limit`). */
export function parseCsv(text: string, limit = Infinity): string[][] {
  return parseCsvFrom(text, 0, limit).records;
}
