import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvField, csvRow, majorUnits } from '../../worker/exports/csv';

describe('CSV writing', () => {
  it('quotes every field and doubles quotes', () => {
    expect(csvField('plain')).toBe('"plain"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a, b')).toBe('"a, b"');
  });

  it('keeps line breaks inside the quoted field and ends records with CRLF', () => {
    expect(csvRow(['two\nlines', 'x'])).toBe('"two\nlines","x"\r\n');
  });

  it('writes Chinese text unchanged, after a UTF-8 BOM', () => {
    expect(CSV_BOM + csvRow(['上海华东贸易有限公司'])).toBe('\uFEFF"上海华东贸易有限公司"\r\n');
    expect(new TextEncoder().encode(CSV_BOM)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+86 138')).toBe('"\'+86 138"');
    expect(csvField('-1')).toBe('"\'-1"');
    expect(csvField('@SUM(A1)')).toBe('"\'@SUM(A1)"');
    expect(csvField('\tx')).toBe('"\'\tx"');
    expect(csvField('\rx')).toBe('"\'\rx"');
    expect(csvField('a=b')).toBe('"a=b"');
  });

  it('writes empty and missing values as empty fields, numbers as they are', () => {
    expect(csvRow([null, undefined, '', 0, -3])).toBe('"","","","0","-3"\r\n');
  });

  it('writes money as decimal major units', () => {
    expect(majorUnits(123450)).toBe('1234.50');
    expect(majorUnits(5)).toBe('0.05');
    expect(majorUnits(0)).toBe('0.00');
    expect(majorUnits(-5)).toBe('-0.05');
  });
});
