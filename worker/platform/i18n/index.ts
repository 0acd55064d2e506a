import type { Locale } from '../db/schema';
import { en, type Catalogue, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { MessageKey };
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const catalogues: Record<Locale, Catalogue> = { en, 'zh-CN': zhCN };

/**
 * `{n, plural, one {# visit} other {# visits}}` in a catalogue string: the form the locale's
 * plural rules pick for the number (`#` is the number). Chinese strings need no plural block.
 */
const PLURAL_BLOCK = /\{(\w+), plural,((?:\s*\w+\s*\{[^{}]*\})+)\s*\}/g;

function pluralOptions(forms: string): Record<string, string> {
  return Object.fromEntries(
    [...forms.matchAll(/(\w+)\s*\{([^{}]*)\}/g)].map((m) => [m[1]!, m[2]!]),
  );
}

export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  const rules = new Intl.PluralRules(locale);
  return (key, params) => {
    const text = catalogue[key];
    if (!params) return text;
    return text
      .replace(PLURAL_BLOCK, (match, name: string, forms: string) => {
        const n = Number(params[name]);
        if (!(name in params) || !Number.isFinite(n)) return match;
        const options = pluralOptions(forms);
        return (options[rules.select(n)] ?? options.other ?? match).replace(/#/g, `{${name}}`);
      })
      .replace(/\{(\w+)\}/g, (match, name: string) =>
        name in params ? String(params[name]) : match,
      );
  };
}

/**
 * For text the browser fills in itself: the string in each plural form the locale has, with the
 * number left as `{name}`. The script picks one with `Intl.PluralRules`.
 */
export function pluralTemplates(locale: Locale, key: MessageKey): Record<string, string> {
  const text = catalogues[locale][key];
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  return Object.fromEntries(
    categories.map((category) => [
      category,
      text.replace(PLURAL_BLOCK, (_match, name: string, forms: string) => {
        const options = pluralOptions(forms);
        return (options[category] ?? options.other ?? '').replace(/#/g, `{${name}}`);
      }),
    ]),
  );
}

/** Whether `text` names a catalogue message (a validation issue carrying its message key). */
export function isMessageKey(text: string | null): text is MessageKey {
  return text !== null && Object.hasOwn(en, text);
}

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'zh-CN';
}

/**
 * The user's saved choice wins; otherwise the first supported language in Accept-Language by
 * quality (any `zh` variant maps to zh-CN), falling back to English.
 */
export function negotiateLocale(
  userLocale: Locale | null | undefined,
  acceptLanguage: string | null | undefined,
): Locale {
  if (userLocale) return userLocale;
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), quality: q ? Number(q.slice(2)) : 1, order };
    })
    .filter((entry) => entry.tag && entry.quality > 0 && !Number.isNaN(entry.quality))
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}
