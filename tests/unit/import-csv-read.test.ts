import { describe, expect, it } from 'vitest';
import { decodeCsv, parseCsv, parseCsvFrom } from '../../worker/imports/csv-read';

const hex = (text: string) => new Uint8Array(text.match(/../g)!.map((byte) => parseInt(byte, 16)));
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('parseCsv (RFC 4180)', () => {
  it('splits plain fields and CRLF or LF lines', () => {
    expect(parseCsv('a,b\r\n1,2\n3,4')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    expect(parseCsv('name,note\r\n"Wang, Fang","He said ""hi""\r\nthen left"\r\n')).toEqual([
      ['name', 'note'],
      ['Wang, Fang', 'He said "hi"\r\nthen left'],
    ]);
  });

  it('keeps empty fields, including a last empty one, and skips blank lines', () => {
    expect(parseCsv('a,,c,\r\n\r\n"",x\r\n\r\n')).toEqual([
      ['a', '', 'c', ''],
      ['', 'x'],
    ]);
  });

  it('reads a file without a final line break, and an empty file as no records', () => {
    expect(parseCsv('a\nb')).toEqual([['a'], ['b']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('stops after `limit` records, saying where the next one begins', () => {
    expect(parseCsv('h\n1\n2\n3\n', 3)).toEqual([['h'], ['1'], ['2']]);
    const text = 'h\r\n"a\r\nb",1\r\n\r\nc,2\r\nd,3';
    const first = parseCsvFrom(text, 0, 2);
    expect(first.records).toEqual([['h'], ['a\r\nb', '1']]);
    expect(parseCsvFrom(text, first.end, 5)).toEqual({
      records: [
        ['c', '2'],
        ['d', '3'],
      ],
      end: text.length,
    });
  });
});

describe('decodeCsv', () => {
  it('reads UTF-8 with and without a byte-order mark, dropping the mark', () => {
    expect(decodeCsv(utf8('\uFEFF客户名称,手机'))).toEqual({
      ok: true,
      text: '客户名称,手机',
      encoding: 'utf-8',
    });
    expect(decodeCsv(utf8('客户名称,手机'))).toMatchObject({ ok: true, text: '客户名称,手机' });
  });

  it("reads Excel's Chinese CSV (GBK bytes) as GB18030, not as mojibake", () => {
    // "客户名称,手机\r\n上海贸易,13800000000\r\n" encoded as GBK.
    const gbk = hex('bfcdbba7c3fbb3c62ccad6bbfa0d0ac9cfbaa3c3b3d2d72c31333830303030303030300d0a');
    expect(decodeCsv(gbk)).toEqual({
      ok: true,
      text: '客户名称,手机\r\n上海贸易,13800000000\r\n',
      encoding: 'gb18030',
    });
  });

  it('refuses bytes that are neither UTF-8 nor GB18030, and a BOM file that is not UTF-8', () => {
    expect(decodeCsv(hex('61812062'))).toEqual({ ok: false, reason: 'import.error.encoding' });
    expect(decodeCsv(hex('efbbbfbfcd'))).toEqual({ ok: false, reason: 'import.error.encoding' });
  });
});
