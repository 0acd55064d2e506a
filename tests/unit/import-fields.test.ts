import { describe, expect, it } from 'vitest';
import { headerKey, mappingProblems, matchHeaders } from '../../worker/imports/import-fields';

describe('matching a file header row to fields', () => {
  it('knows English and Chinese headers, whatever their case, spaces or width', () => {
    expect(
      matchHeaders('customers', ['客户名称', ' PHONE ', '城市', 'E-mail', 'External ID', '备注']),
    ).toEqual(['name', 'phone', 'city', 'email', 'externalId', null]);
    expect(matchHeaders('customers', ['客户', '手机号码', 'City', '邮箱', '外部编号'])).toEqual([
      'name',
      'phone',
      'city',
      'email',
      'externalId',
    ]);
    expect(headerKey('Ｃｉｔｙ（城市）')).toBe('city城市');
  });

  it('gives a field to the leftmost column only', () => {
    expect(matchHeaders('customers', ['电话', '手机', 'name'])).toEqual(['phone', null, 'name']);
  });

  it('reads the same header by kind: "customer" names a contact’s customer, a customer’s name', () => {
    expect(matchHeaders('contacts', ['Customer', 'Name', '职位'])).toEqual([
      'customer',
      'name',
      'title',
    ]);
    expect(matchHeaders('customers', ['Customer'])).toEqual(['name']);
  });

  it('reports required fields without a column and fields chosen twice', () => {
    expect(mappingProblems('customers', ['name', null, 'phone'])).toEqual({
      missing: ['city'],
      duplicated: [],
      unknown: [],
    });
    expect(mappingProblems('customers', ['name', 'city', 'name', 'bogus'])).toEqual({
      missing: [],
      duplicated: ['name'],
      unknown: ['bogus'],
    });
  });
});
