/**
 * DingTalk robot callbacks sign only the timestamp (HMAC of `timestamp\nsecret`), so a captured
 * header pair would authorise any body. Three limits make up for it: each pair is accepted once
 * (see webhook_signatures_seen), the window is short, and the body must be addressed to the robot
 * and conversations this source is configured for.
 */

/**
 * DingTalk documents an hour ("timestamp 与系统当前时间戳如果相差1小时以上，则认为是非法的请求"),
 * but it signs each callback at send time and delivers within seconds; 5 minutes covers clock
 * drift between DingTalk and us while keeping the replay record small and a captured pair's
 * useful life short.
 */
export const DINGTALK_WINDOW_MS = 5 * 60_000;

/** What a dingtalk source's config may name: the robot (either id) and, optionally, the chats. */
export type DingtalkSourceConfig = {
  robotCode?: string;
  chatbotUserId?: string;
  conversationIds?: string;
};

/**
 * Whether the callback is for this source's robot and one of its conversations. A source that
 * names no robot accepts nothing: without it, any robot sharing the app secret could write here.
 */
export function dingtalkAddressedToSource(
  config: DingtalkSourceConfig | null,
  payload: Record<string, unknown>,
): boolean {
  const robotCode = config?.robotCode?.trim();
  const chatbotUserId = config?.chatbotUserId?.trim();
  if (!robotCode && !chatbotUserId) return false;
  if (robotCode && payload.robotCode !== robotCode) return false;
  if (chatbotUserId && payload.chatbotUserId !== chatbotUserId) return false;
  const conversations = (config?.conversationIds ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  return (
    conversations.length === 0 ||
    (typeof payload.conversationId === 'string' && conversations.includes(payload.conversationId))
  );
}
