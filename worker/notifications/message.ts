/** Notification messages as stored: keys and parameters, written out per reader by `messageIn` (i18n). */
import type { Locale, NotificationParams } from '../platform/db/schema';
import type { MessageKey } from '../platform/i18n';
import { messageIn } from '../platform/i18n/messages';

export { messageIn };
export type { StoredMessage } from '../platform/i18n/messages';

/** The keyed message as its recipient reads it when it is created: the stored fallback text. */
export function keyedMessage(
  locale: Locale,
  titleKey: MessageKey,
  params: NotificationParams,
  body: { bodyKey: MessageKey } | { text: string },
) {
  const bodyKey = 'bodyKey' in body ? body.bodyKey : null;
  const stored = {
    titleKey,
    bodyKey,
    messageParams: params,
    title: '',
    body: 'text' in body ? body.text : '',
  };
  return { ...stored, ...messageIn(locale, stored) };
}
