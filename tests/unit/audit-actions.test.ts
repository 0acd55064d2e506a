import { describe, expect, it } from 'vitest';
import { auditActionLabel, auditSummary } from '../../worker/platform/i18n/audit-actions';
import { translator } from '../../worker/platform/i18n';

describe('audit actions on the timeline', () => {
  const en = translator('en');
  const zh = translator('zh-CN');

  it('reads known actions from the catalog in both languages', () => {
    expect(auditActionLabel(en, 'contact.added')).toBe('Contact added');
    expect(auditActionLabel(zh, 'contact.added')).toBe('已添加联系人');
    expect(auditActionLabel(en, 'contract.status_changed')).toBe('Contract status changed');
  });

  it('spells out unknown actions, translating a known subject', () => {
    expect(auditActionLabel(en, 'order.partially_shipped')).toBe('Order: partially shipped');
    expect(auditActionLabel(zh, 'order.partially_shipped')).toBe('订单：partially shipped');
    expect(auditActionLabel(en, 'quote.sent')).toBe('quote: sent');
    expect(auditActionLabel(en, 'oddity')).toBe('oddity: oddity');
  });

  it('summarises the record and what changed', () => {
    expect(auditSummary({ before: null, after: { name: 'Wang Fang', title: 'CTO' } })).toBe(
      'Wang Fang',
    );
    expect(
      auditSummary({
        before: { title: 'CTO', isPrimary: false },
        after: { title: 'CEO', isPrimary: true },
      }),
    ).toBe('title: CTO → CEO · isPrimary: false → true');
    expect(
      auditSummary({
        before: { ownerId: 'u1', ownerName: 'A', updatedAt: 1 },
        after: { ownerId: 'u2', ownerName: 'B', updatedAt: 2 },
      }),
    ).toBe('ownerName: A → B');
    expect(auditSummary(null)).toBe('');
  });
});
