/**
 * Notification text comes partly from outsiders (a lead's name and message, a chat message, a
 * task title), so before it goes to a chat platform it is made inert there: it must not ping a
 * channel (`<!channel>`, `<at user_id="all">`, `<@user>`) nor plant a link whose text hides where
 * it goes (`<https://evil.example|Reset your password>`, `[Reset](https://evil.example)`).
 * Pure, so each platform's rule is unit-tested.
 */

/** Slack mrkdwn: `&`, `<` and `>` are the only control characters, and Slack's own escapes work. */
export function slackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Feishu, DingTalk and WeCom robots: we send plain `text` messages (no markdown, so no link or
 * format syntax is live), and the angle brackets their text messages still read as mention tags
 * become look-alike full-width brackets, since those platforms have no escape for them.
 */
export function plainChatText(text: string): string {
  return text.replace(/</g, '\uFF1C').replace(/>/g, '\uFF1E');
}
