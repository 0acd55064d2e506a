/**
 * A notification's words in its reader's language. Producers store catalog keys and parameters
 * (a parameter may carry one text per language, such as a region's name); the inbox and the chat
 * sender write them out for whoever reads, so a manager who switches to 简体中文 reads yesterday's
 * notifications in Chinese too. Rows from before keys existed show what they were stored with.
 */
import type { Locale, NotificationParams } from '../db/schema';
import { isMessageKey, translator } from './index';

export type StoredMessage = {
  title: string;
  body: string;
  titleKey: string | null;
  bodyKey: string | null;
  messageParams: NotificationParams | null;
};

function paramsIn(
  locale: Locale,
  params: NotificationParams | null,
): Record<string, string | number> {
  const flat: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params ?? {}))
    flat[name] = typeof value === 'object' ? (value[locale] ?? value.en) : value;
  return flat;
}

export function messageIn(locale: Locale, message: StoredMessage): { title: string; body: string } {
  const t = translator(locale);
  const params = paramsIn(locale, message.messageParams);
  return {
    title: isMessageKey(message.titleKey) ? t(message.titleKey, params) : message.title,
    body: isMessageKey(message.bodyKey) ? t(message.bodyKey, params) : message.body,
  };
}
