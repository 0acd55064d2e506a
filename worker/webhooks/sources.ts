/**
 * The chat workspaces' source rows (one per platform per deployment). Each holds its platform's
 * secrets: Slack's signing secret; Feishu's verification token (secret) and Encrypt Key
 * (config.encryptKey); DingTalk's app secret and its robot (config.robotCode and/or
 * config.chatbotUserId, optionally config.conversationIds, comma-separated); WeCom's token (secret), EncodingAESKey and corp id
 * (config.encodingAesKey, config.corpId).
 */
export const CHAT_SOURCE_IDS = {
  slack: 'slack',
  feishu: 'feishu',
  dingtalk: 'dingtalk',
  wecom: 'wecom',
} as const;
