/**
 * Buying-keyword matching (docs/rules.md#buying-keywords; by default price, pricing, quote,
 * sample, trial, demo, 价格, 报价, 样品, 试用, 多少钱). Case-insensitive. English keywords match whole words only, so
 * "priceless" and "demonstrate" do not match while "Price?" and "a DEMO" do; each inflection an
 * admin wants ("prices", "quotes") is its own keyword. Chinese keywords match anywhere, since
 * Chinese text has no spaces between words.
 */
export type KeywordRule = { keyword: string; language: 'en' | 'zh' };

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function matchBuyingKeywords(text: string, rules: KeywordRule[]): string[] {
  const lower = text.toLowerCase();
  return rules
    .filter((rule) => {
      const keyword = rule.keyword.toLowerCase().trim();
      if (!keyword) return false;
      if (rule.language === 'zh') return lower.includes(keyword);
      // Latin letters or digits on either side mean the keyword is part of a longer word; Chinese
      // characters do not ("报价demo" asks for a demo).
      return new RegExp(
        `(?<![\\p{Script=Latin}\\p{N}])${escape(keyword)}(?![\\p{Script=Latin}\\p{N}])`,
        'u',
      ).test(lower);
    })
    .map((rule) => rule.keyword);
}
