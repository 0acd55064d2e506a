import { describe, expect, it } from 'vitest';
import { keyedMessage, messageIn } from '../../worker/notifications/message';

describe('notification text in the reader’s language', () => {
  const stored = keyedMessage(
    'en',
    'notification.reportReady.title',
    {
      region: { en: 'East', 'zh-CN': '华东' },
      day: '2026-11-22',
      visits: 3,
      aci: 67,
      leads: 1,
      overdue: 0,
      link: '/reports/reg_east/2026-11-22',
    },
    { bodyKey: 'notification.reportReady.body' },
  );

  it('stores the text as its recipient read it then, as the fallback', () => {
    expect(stored).toMatchObject({
      title: 'Daily report for East, 2026-11-22',
      titleKey: 'notification.reportReady.title',
      bodyKey: 'notification.reportReady.body',
    });
  });

  it('writes keyed text in whichever language reads it, with per-language parameters', () => {
    expect(messageIn('zh-CN', stored)).toEqual({
      title: '华东 2026-11-22 日报',
      body: '拜访 3 次，行动一致性 67%，新线索 1 条，逾期任务 0 个。查看：/reports/reg_east/2026-11-22',
    });
    expect(messageIn('en', stored).body).toBe(
      '3 visits, ACI 67%, 1 new lead, 0 overdue tasks. Open: /reports/reg_east/2026-11-22',
    );
  });

  it('keeps a data body (a lead’s message) as it came, and old rows without keys as stored', () => {
    const lead = keyedMessage(
      'zh-CN',
      'notification.newLead.title',
      { name: 'Zhou Min' },
      { text: 'Could you send a quote?' },
    );
    expect(messageIn('en', lead)).toEqual({
      title: 'New lead: Zhou Min',
      body: 'Could you send a quote?',
    });
    expect(
      messageIn('en', {
        title: '旧标题',
        body: '旧内容',
        titleKey: null,
        bodyKey: null,
        messageParams: null,
      }),
    ).toEqual({ title: '旧标题', body: '旧内容' });
    expect(
      messageIn('en', {
        title: 'Stored',
        body: '',
        titleKey: 'no.such.key',
        bodyKey: null,
        messageParams: null,
      }).title,
    ).toBe('Stored');
  });
});
