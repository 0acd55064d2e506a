import { describe, expect, it } from 'vitest';
import { formatDistance } from '../../worker/platform/http/format';
import { pluralTemplates, translator } from '../../worker/platform/i18n';

describe('plural forms through the catalogues', () => {
  const en = translator('en');
  const zh = translator('zh-CN');

  it('says "1 entry" and "2 entries" in English; Chinese has one form', () => {
    expect(en('sync.waiting', { n: 1 })).toBe('1 entry waiting to sync');
    expect(en('sync.waiting', { n: 2 })).toBe('2 entries waiting to sync');
    expect(en('sync.waiting', { n: 0 })).toBe('0 entries waiting to sync');
    expect(zh('sync.waiting', { n: 1 })).toBe('1 条记录等待同步');
    expect(en('campaigns.tasks', { n: 1 })).toBe('1 task');
    expect(en('campaigns.published', { n: '1' })).toBe('Published: 1 task on the walls.');
    expect(en('report.summary', { visits: 1, aci: 80, leads: 1, overdue: 2 })).toBe(
      '1 visit, ACI 80%, 1 new lead, 2 overdue tasks.',
    );
  });

  it('gives the browser one template per plural form of the language', () => {
    expect(pluralTemplates('en', 'sync.waiting')).toEqual({
      one: '{n} entry waiting to sync',
      other: '{n} entries waiting to sync',
    });
    expect(pluralTemplates('zh-CN', 'sync.waiting')).toEqual({ other: '{n} 条记录等待同步' });
  });
});

describe('formatDistance', () => {
  it('shows metres under a kilometre and kilometres beyond, in the reader’s number format', () => {
    expect(formatDistance(850, 'en')).toBe('850 m');
    expect(formatDistance(1500, 'en')).toBe('1.5 km');
    expect(formatDistance(1_069_057, 'en')).toBe('1,069 km');
    expect(formatDistance(999.7, 'en')).toBe('1 km');
    expect(formatDistance(850, 'zh-CN')).toBe('850米');
    expect(formatDistance(1_069_057, 'zh-CN')).toBe('1,069公里');
  });
});
