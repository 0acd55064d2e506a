import { describe, expect, it } from 'vitest';
import { decisionChainCoverage } from '../../worker/customers/decision-chain';

describe('decision-chain coverage', () => {
  it('lists the covered and missing roles in the chain’s order, counting each role once', () => {
    expect(
      decisionChainCoverage([
        { decisionRole: 'purchasing' },
        { decisionRole: null },
        { decisionRole: 'decision_maker' },
        { decisionRole: 'purchasing' },
      ]),
    ).toEqual({
      covered: ['decision_maker', 'purchasing'],
      missing: ['influencer', 'user'],
      total: 4,
    });
  });

  it('has every role missing without contacts and none missing with all four', () => {
    expect(decisionChainCoverage([]).missing).toEqual([
      'decision_maker',
      'influencer',
      'user',
      'purchasing',
    ]);
    const all = (['decision_maker', 'influencer', 'user', 'purchasing'] as const).map(
      (decisionRole) => ({ decisionRole }),
    );
    expect(decisionChainCoverage(all)).toMatchObject({ missing: [], total: 4 });
  });
});
