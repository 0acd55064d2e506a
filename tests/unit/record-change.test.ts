import { describe, expect, it } from 'vitest';
import { changedFields } from '../../worker/platform/audit/record-change';

describe('changedFields', () => {
  it('keeps only the fields an edit changed, before and after', () => {
    expect(
      changedFields(
        { name: 'Harbor Foods', phone: '021-1', grade: 'B' },
        { name: 'Harbor Foods', phone: '021-2', grade: 'A' },
      ),
    ).toEqual({ before: { phone: '021-1', grade: 'B' }, after: { phone: '021-2', grade: 'A' } });
  });

  it('keeps a field that appears or disappears, as null on the other side', () => {
    expect(changedFields({ title: 'CTO' }, { title: 'CTO', email: 'a@b.c' })).toEqual({
      before: { email: null },
      after: { email: 'a@b.c' },
    });
  });

  it('keeps a creation and a removal whole', () => {
    expect(changedFields(null, { name: 'New' })).toEqual({ before: null, after: { name: 'New' } });
    expect(changedFields({ name: 'Old' }, null)).toEqual({ before: { name: 'Old' }, after: null });
  });
});
