import { describe, expect, it } from 'vitest';
import { chooseAssignee, median } from '../../worker/leads/assignment';
import { matchBuyingKeywords, type KeywordRule } from '../../worker/leads/keywords';

const DEFAULTS: KeywordRule[] = [
  ...['price', 'pricing', 'quote', 'sample', 'trial', 'demo'].map((keyword) => ({
    keyword,
    language: 'en' as const,
  })),
  ...['价格', '报价', '样品', '试用', '多少钱'].map((keyword) => ({
    keyword,
    language: 'zh' as const,
  })),
];

describe('buying keywords', () => {
  it('match English keywords as whole words, in any case', () => {
    expect(matchBuyingKeywords('What is the PRICE?', DEFAULTS)).toEqual(['price']);
    expect(matchBuyingKeywords('Can we get a demo, and a quote.', DEFAULTS)).toEqual([
      'quote',
      'demo',
    ]);
    expect(matchBuyingKeywords('Pricing for 20 units', DEFAULTS)).toEqual(['pricing']);
  });

  it('do not match inside longer words: "priceless" and "demonstrate" are not buying signals', () => {
    expect(matchBuyingKeywords('This view is priceless', DEFAULTS)).toEqual([]);
    expect(matchBuyingKeywords('Let me demonstrate the issue', DEFAULTS)).toEqual([]);
    expect(matchBuyingKeywords('prices', DEFAULTS)).toEqual([]);
  });

  it('match Chinese keywords anywhere in the text', () => {
    expect(matchBuyingKeywords('请问这个产品多少钱？', DEFAULTS)).toEqual(['多少钱']);
    expect(matchBuyingKeywords('我们想申请样品试用', DEFAULTS)).toEqual(['样品', '试用']);
    expect(matchBuyingKeywords('需要报价demo', DEFAULTS)).toEqual(['demo', '报价']);
  });

  it('ignore text without any keyword', () => {
    expect(matchBuyingKeywords('Thanks for the visit yesterday', DEFAULTS)).toEqual([]);
  });
});

describe('lead assignment', () => {
  const HOUR = 3_600_000;

  it('picks the fastest median first response over the last 3 leads', () => {
    const choice = chooseAssignee(
      [
        {
          repId: 'a',
          cityId: null,
          recentFirstResponsesMs: [1 * HOUR, 9 * HOUR, 2 * HOUR, 0],
          openLeads: 0,
        },
        {
          repId: 'b',
          cityId: null,
          recentFirstResponsesMs: [3 * HOUR, 1 * HOUR, 1.5 * HOUR],
          openLeads: 5,
        },
      ],
      0,
    );
    // a: median(1, 9, 2) = 2 h (the 4th lead no longer counts); b: median(3, 1, 1.5) = 1.5 h.
    expect(choice).toMatchObject({ repId: 'b', reason: 'fastest' });
  });

  it('breaks ties by fewest open leads', () => {
    const choice = chooseAssignee(
      [
        { repId: 'a', cityId: null, recentFirstResponsesMs: [HOUR], openLeads: 4 },
        { repId: 'b', cityId: null, recentFirstResponsesMs: [HOUR], openLeads: 1 },
      ],
      0,
    );
    expect(choice?.repId).toBe('b');
  });

  it('goes round robin when nobody has history', () => {
    const team = ['c', 'a', 'b'].map((repId) => ({
      repId,
      cityId: null,
      recentFirstResponsesMs: [],
      openLeads: 0,
    }));
    const first = chooseAssignee(team, 0)!;
    const second = chooseAssignee(team, first.nextRoundRobinIndex)!;
    const third = chooseAssignee(team, second.nextRoundRobinIndex)!;
    const fourth = chooseAssignee(team, third.nextRoundRobinIndex)!;
    expect([first, second, third, fourth].map((c) => c.repId)).toEqual(['a', 'b', 'c', 'a']);
    expect(first.reason).toBe('round_robin');
  });

  it("prefers the reps of the lead's city even when a rep elsewhere in the region is faster", () => {
    const region = [
      {
        repId: 'shanghai-fast',
        cityId: 'city_shanghai',
        recentFirstResponsesMs: [0.1 * HOUR],
        openLeads: 0,
      },
      {
        repId: 'hangzhou-slow',
        cityId: 'city_hangzhou',
        recentFirstResponsesMs: [5 * HOUR],
        openLeads: 3,
      },
      {
        repId: 'hangzhou-slower',
        cityId: 'city_hangzhou',
        recentFirstResponsesMs: [8 * HOUR],
        openLeads: 0,
      },
    ];
    expect(chooseAssignee(region, 0, 'city_hangzhou')).toMatchObject({
      repId: 'hangzhou-slow',
      reason: 'fastest',
    });
    expect(chooseAssignee(region, 0, null)?.repId).toBe('shanghai-fast');
  });

  it("falls back to the whole region when the lead's city has no rep", () => {
    const region = [
      { repId: 'a', cityId: 'city_shanghai', recentFirstResponsesMs: [2 * HOUR], openLeads: 0 },
      { repId: 'b', cityId: 'city_hangzhou', recentFirstResponsesMs: [HOUR], openLeads: 0 },
    ];
    expect(chooseAssignee(region, 0, 'city_ningbo')?.repId).toBe('b');
  });

  it("keeps the tie rules and round robin within the city's reps", () => {
    const tie = [
      { repId: 'a', cityId: 'city_hangzhou', recentFirstResponsesMs: [HOUR], openLeads: 4 },
      { repId: 'b', cityId: 'city_hangzhou', recentFirstResponsesMs: [HOUR], openLeads: 1 },
      { repId: 'c', cityId: 'city_shanghai', recentFirstResponsesMs: [HOUR], openLeads: 0 },
    ];
    expect(chooseAssignee(tie, 0, 'city_hangzhou')?.repId).toBe('b');
    const fresh = ['c', 'a', 'b', 'z'].map((repId) => ({
      repId,
      cityId: repId === 'z' ? 'city_shanghai' : 'city_hangzhou',
      recentFirstResponsesMs: [],
      openLeads: 0,
    }));
    const picks: string[] = [];
    let index = 0;
    for (let i = 0; i < 4; i++) {
      const choice = chooseAssignee(fresh, index, 'city_hangzhou')!;
      picks.push(choice.repId);
      index = choice.nextRoundRobinIndex;
    }
    expect(picks).toEqual(['a', 'b', 'c', 'a']);
  });

  it('assigns nobody in a region without reps, and takes medians of even counts', () => {
    expect(chooseAssignee([], 0)).toBeNull();
    expect(median([1, 3])).toBe(2);
  });
});
