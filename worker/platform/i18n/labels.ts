import type { Locale } from '../db/schema';
import { isMessageKey, type Translate } from './index';

/**
 * A stored code or listed value (a channel, a source kind, an industry) in the reader's language
 * when the catalog has it under `<group>.<slug>` (`Food & Beverage` → `industry.food_beverage`);
 * anything else is data someone typed and shows as stored.
 */
export function catalogLabel(
  t: Translate,
  group: 'channel' | 'provider' | 'industry' | 'keywords.language',
  value: string,
): string {
  const key = `${group}.${value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')}`;
  return isMessageKey(key) ? t(key) : value;
}

/** A record's own wording in the reader's language: the Chinese column for zh-CN when it is filled in. */
export function localText(locale: Locale, text: string, textZh: string | null | undefined): string {
  return locale === 'zh-CN' && textZh ? textZh : text;
}
