/**
 * How a notification is written for each destination: Slack incoming webhooks (blocks), Feishu
 * custom bots (signed), DingTalk custom robots (signed URL), WeCom group robots, and generic
 * webhooks signed the Standard Webhooks way. Chat text is escaped for its platform (chat-text.ts):
 * titles and bodies carry outsiders' words.
 */
import type { NotificationParams, notificationRoutes } from '../platform/db/schema';
import { dingtalkSign, feishuBotSign } from '../webhooks/chat-crypto';
import { signStandardWebhook } from '../webhooks/signatures';
import { plainChatText, slackText } from './chat-text';

export type OutboundNotification = {
  id: string;
  kind: string;
  title: string;
  body: string;
  subjectType: string | null;
  subjectId: string | null;
  createdAt: number;
  /** A message to someone outside the company (a customer): who it is for and what the gateway needs. */
  data?: NotificationParams | null;
};
type Route = typeof notificationRoutes.$inferSelect;

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export async function outboundRequest(
  route: Route,
  message: OutboundNotification,
  now: number,
): Promise<{ url: string; init: RequestInit }> {
  const text = plainChatText(message.body ? `${message.title}\n${message.body}` : message.title);
  switch (route.channel) {
    case 'slack': {
      const [title, body] = [slackText(message.title), slackText(message.body)];
      return {
        url: route.url,
        init: json({
          text: body ? `${title}\n${body}` : title,
          blocks: [
            {
              type: 'section',
              text: { type: 'mrkdwn', text: `*${title}*${body ? `\n${body}` : ''}` },
            },
          ],
        }),
      };
    }
    case 'feishu': {
      const timestamp = String(Math.floor(now / 1000));
      const signature = route.secret
        ? { timestamp, sign: await feishuBotSign(route.secret, timestamp) }
        : {};
      return { url: route.url, init: json({ ...signature, msg_type: 'text', content: { text } }) };
    }
    case 'dingtalk': {
      const url = new URL(route.url);
      if (route.secret) {
        const timestamp = String(now);
        url.searchParams.set('timestamp', timestamp);
        url.searchParams.set('sign', await dingtalkSign(route.secret, timestamp));
      }
      return { url: url.toString(), init: json({ msgtype: 'text', text: { content: text } }) };
    }
    case 'wecom':
      return { url: route.url, init: json({ msgtype: 'text', text: { content: text } }) };
    case 'webhook': {
      const body = JSON.stringify({
        type: message.kind,
        id: message.id,
        title: message.title,
        body: message.body,
        subject: message.subjectType ? { type: message.subjectType, id: message.subjectId } : null,
        createdAt: new Date(message.createdAt).toISOString(),
        ...(message.data ? { data: message.data } : {}),
      });
      const timestamp = Math.floor(now / 1000);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'webhook-id': message.id,
        'webhook-timestamp': String(timestamp),
      };
      if (route.secret)
        headers['webhook-signature'] = await signStandardWebhook(
          route.secret,
          message.id,
          timestamp,
          body,
        );
      return { url: route.url, init: { method: 'POST', headers, body } };
    }
  }
}
