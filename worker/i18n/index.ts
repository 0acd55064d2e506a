import type { Locale } from '../db/schema';
import { en, type Catalogue, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { MessageKey };
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const catalogues: Record<Locale, Catalogue> = { en, 'zh-CN': zhCN };

export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  return (key, params) => {
    const text = catalogue[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
  };
}

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'zh-CN';
}

/**
 * The user's saved choice wins; otherwise the first supported language in Accept-Language by
 * quality (any `zh` variant maps to zh-CN), falling back to English.
 */
export function negotiateLocale(userLocale: Locale | null | undefined, acceptLanguage: string | null | undefined): Locale {
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
