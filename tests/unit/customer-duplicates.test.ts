import { describe, expect, it } from 'vitest';
import {
  duplicateReasons,
  nameKey,
  phoneDigits,
  phoneTail,
  possibleDuplicates,
} from '../../worker/customers/duplicates';

describe('possible duplicate customers', () => {
  it('compares phones by their digits, with or without the +86 country code', () => {
    expect(phoneDigits('+86 139-1234 5678')).toBe('13912345678');
    expect(phoneDigits('0086 13912345678')).toBe('13912345678');
    expect(phoneDigits('(021) 6234-5678')).toBe('02162345678');
    expect(phoneTail('139 1234 5678')).toBe('12345678');
    expect(phoneTail('12-34')).toBeNull();
    expect(duplicateReasons({ phone: '+86 139 1234 5678' }, { phone: '13912345678' })).toEqual([
      'phone',
    ]);
    expect(duplicateReasons({ phone: '139 1234 5678' }, { phone: '139 1234 5679' })).toEqual([]);
  });

  it('matches names without regard to case or spaces, but only in the same city', () => {
    expect(nameKey('  ACME  Foods ')).toBe('acmefoods');
    expect(nameKey('华东　贸易')).toBe('华东贸易');
    const entered = { name: 'acme foods', cityId: 'sh' };
    expect(duplicateReasons(entered, { name: 'ACME Foods', cityId: 'sh' })).toEqual(['name']);
    expect(duplicateReasons(entered, { name: 'ACME Foods', cityId: 'hz' })).toEqual([]);
    expect(duplicateReasons({ name: 'acme foods' }, { name: 'ACME Foods', cityId: 'sh' })).toEqual(
      [],
    );
  });

  it('matches emails case-insensitively and gives every reason that applies', () => {
    expect(
      duplicateReasons(
        { name: 'Acme', cityId: 'sh', phone: '13912345678', email: 'Buy@Acme.cn ' },
        { name: 'acme', cityId: 'sh', phone: '+8613912345678', email: 'buy@acme.cn' },
      ),
    ).toEqual(['phone', 'email', 'name']);
    expect(duplicateReasons({ email: '' }, { email: '' })).toEqual([]);
  });

  it('keeps only real matches and skips the record being edited', () => {
    const candidates = [
      { id: 'a', name: 'Acme', cityId: 'sh', phone: '13912345678', email: null },
      { id: 'b', name: 'Other', cityId: 'sh', phone: '13912345000', email: null },
      { id: 'c', name: 'ACME', cityId: 'sh', phone: null, email: null },
    ];
    const found = possibleDuplicates(
      { name: 'acme', cityId: 'sh', phone: '13912345678' },
      candidates,
      'c',
    );
    expect(found.map((d) => [d.id, d.reasons])).toEqual([['a', ['phone', 'name']]]);
  });
});
