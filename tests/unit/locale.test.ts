import { describe, expect, it } from 'vitest';
import { en } from '../../worker/platform/i18n/en';
import { zhCN } from '../../worker/platform/i18n/zh-CN';
import { negotiateLocale, translator } from '../../worker/platform/i18n';

describe('locale negotiation', () => {
  it('prefers the user’s own setting', () => {
    expect(negotiateLocale('zh-CN', 'en-US,en;q=0.9')).toBe('zh-CN');
    expect(negotiateLocale('en', 'zh-CN')).toBe('en');
  });

  it('reads Accept-Language by quality and maps any Chinese variant to zh-CN', () => {
    expect(negotiateLocale(null, 'zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(negotiateLocale(null, 'fr-FR,en;q=0.5,zh;q=0.7')).toBe('zh-CN');
    expect(negotiateLocale(null, 'en-GB')).toBe('en');
    expect(negotiateLocale(null, 'zh;q=0, en;q=0.1')).toBe('en');
  });

  it('falls back to English for missing, unsupported or garbled headers', () => {
    expect(negotiateLocale(null, null)).toBe('en');
    expect(negotiateLocale(null, 'fr, de')).toBe('en');
    expect(negotiateLocale(null, ';;;q=abc,')).toBe('en');
  });
});

describe('message catalogues', () => {
  it('have the same keys and fill placeholders', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    expect(translator('zh-CN')('login.throttled', { minutes: 15 })).toBe(
      '失败次数过多，请 15 分钟后再试。',
    );
    expect(translator('en')('tokens.created', { email: 'a@b.c' })).toContain('a@b.c');
  });

  // Product names and a bare placeholder read the same in both languages.
  const SAME_IN_BOTH = [
    'customers.none',
    'app.name',
    'channel.slack',
    'provider.slack',
    'provider.typeform',
    'provider.tally',
    'notification.subject',
  ];
  it('translate every string (no English left in the Chinese catalogue except names)', () => {
    const untranslated = Object.entries(zhCN).filter(
      ([key, text]) => text === en[key as keyof typeof en] && !SAME_IN_BOTH.includes(key),
    );
    expect(untranslated).toEqual([]);
  });
});
