import { describe, expect, it } from 'vitest';
import {
  daysBefore,
  feedbackAnswers,
  feedbackLinkState,
  feedbackLocale,
  feedbackRecipient,
  firstVisitDays,
} from '../../worker/follow-up/rules';
import { feedbackToken, verifyFeedbackToken } from '../../worker/follow-up/feedback-token';

describe('the follow-up sequence’s days', () => {
  it('looks back 3, 7 and 15 calendar days from the run’s local day, across months and years', () => {
    expect(firstVisitDays('2026-03-02')).toEqual({
      link: '2026-02-27',
      managerTodo: '2026-02-23',
      dormant: '2026-02-15',
    });
    expect(daysBefore('2027-01-01', 3)).toBe('2026-12-29');
    expect(daysBefore('2028-03-01', 1)).toBe('2028-02-29');
  });
});

describe('who gets the feedback link', () => {
  const customer = { name: 'Lotus Tea House', phone: '+86 21 5555 0000', email: null };
  it('is the primary contact with a phone or e-mail, else the customer’s own phone', () => {
    const contact = {
      id: 'con_1',
      name: 'Wang Fang',
      phone: null,
      email: 'w@x.test',
      locale: 'zh-CN' as const,
    };
    expect(feedbackRecipient(contact, customer)).toEqual({
      contactId: 'con_1',
      name: 'Wang Fang',
      phone: null,
      email: 'w@x.test',
      locale: 'zh-CN',
    });
    expect(feedbackRecipient({ ...contact, email: null }, customer)).toMatchObject({
      contactId: null,
      phone: '+86 21 5555 0000',
      locale: null,
    });
    expect(feedbackRecipient(null, { ...customer, phone: null })).toBeNull();
  });

  it('reads the contact’s language, else the region’s, else English', () => {
    expect(feedbackLocale('zh-CN', 'en')).toBe('zh-CN');
    expect(feedbackLocale(null, 'zh-CN')).toBe('zh-CN');
    expect(feedbackLocale(null, null)).toBe('en');
  });
});

describe('a feedback link', () => {
  it('is open until answered or expired', () => {
    expect(feedbackLinkState({ answeredAt: null, expiresAt: 2000 }, 1000)).toBe('open');
    expect(feedbackLinkState({ answeredAt: null, expiresAt: 2000 }, 2000)).toBe('expired');
    expect(feedbackLinkState({ answeredAt: 1500, expiresAt: 2000 }, 3000)).toBe('answered');
  });

  it('verifies only with its own signature and secret, and carries its expiry', async () => {
    const expiresAt = 1_800_000_000_000;
    const token = await feedbackToken('secret-a', 'req_abcdefghijklmnop', expiresAt);
    expect(await verifyFeedbackToken('secret-a', token)).toEqual({
      id: 'req_abcdefghijklmnop',
      expiresAt,
    });
    expect(await verifyFeedbackToken('secret-b', token)).toBeNull();
    // A later expiry written into the link breaks the signature.
    const [id, , signature] = token.split('.');
    const extended = `${id}.${Math.floor((expiresAt + 86_400_000) / 1000).toString(36)}.${signature}`;
    expect(await verifyFeedbackToken('secret-a', extended)).toBeNull();
    expect(await verifyFeedbackToken('secret-a', 'not-a-token')).toBeNull();
  });
});

describe('the feedback answers', () => {
  it('take a score of 1–5, a call yes or no, and a comment of at most 1000 characters', () => {
    expect(feedbackAnswers.parse({ satisfaction: '5', wantsCall: 'no', comment: '  ' })).toEqual({
      satisfaction: 5,
      wantsCall: false,
      comment: null,
    });
    expect(feedbackAnswers.safeParse({ satisfaction: '0', wantsCall: 'yes' }).success).toBe(false);
    expect(feedbackAnswers.safeParse({ satisfaction: '3' }).success).toBe(false);
    expect(
      feedbackAnswers.safeParse({ satisfaction: '3', wantsCall: 'yes', comment: 'x'.repeat(1001) })
        .success,
    ).toBe(false);
  });
});
