import { describe, expect, it } from 'vitest';
import {
  auditSubjectHref,
  calendarDay,
  decodeAuditCursor,
  encodeAuditCursor,
} from '../../worker/admin/audit-log-rules';

const admin = { id: 'a', role: 'admin' as const, regionId: null, cityId: null };
const director = { id: 'd', role: 'director' as const, regionId: null, cityId: null };

describe('audit log rules', () => {
  it('round-trips its cursor and refuses anything else', () => {
    const cursor = { at: 1_795_000_000_000, id: 'aud_0-1' };
    expect(decodeAuditCursor(encodeAuditCursor(cursor))).toEqual(cursor);
    expect(decodeAuditCursor('nonsense')).toBeNull();
    expect(decodeAuditCursor('12.a b')).toBeNull();
  });

  it('reads calendar days that exist', () => {
    expect(calendarDay('2026-11-23')).toBe('2026-11-23');
    expect(calendarDay('2026-02-30')).toBeNull();
    expect(calendarDay('23/11/2026')).toBeNull();
  });

  it('links a record to its page only when the viewer may open that kind of record', () => {
    expect(auditSubjectHref(admin, 'user', 'usr_1')).toBe('/admin/users/usr_1');
    expect(auditSubjectHref(admin, 'customer', 'cus_1')).toBeNull();
    expect(auditSubjectHref(director, 'customer', 'cus_1')).toBe('/customers/cus_1');
    expect(auditSubjectHref(director, 'deal', 'd 1')).toBe('/deals/d%201');
    expect(auditSubjectHref(director, 'api_token', 'tok')).toBeNull();
    expect(auditSubjectHref(director, null, null)).toBeNull();
  });
});
