import { describe, expect, it } from 'vitest';
import { outboundRequest, type OutboundNotification } from '../../worker/notifications/channels';
import { plainChatText, slackText } from '../../worker/notifications/chat-text';
import type { notificationRoutes } from '../../worker/platform/db/schema';

type Route = typeof notificationRoutes.$inferSelect;
const route = (channel: Route['channel'], url: string): Route =>
  ({
    id: `route_${channel}`,
    name: channel,
    userId: null,
    regionId: null,
    channel,
    url,
    secret: null,
    ratePerMinute: 20,
    active: true,
    createdAt: 0,
  }) as Route;

// A lead named by an outsider, and a message that tries a channel-wide ping and a disguised link.
const hostile: OutboundNotification = {
  id: 'n1',
  kind: 'lead.assigned',
  title: 'New lead: <!channel> [Reset your password](https://evil.example)',
  body: 'Hi <!here> <https://evil.example|Reset your password> <at user_id="all">all</at> <@zhangsan> <font color="warning">x</font>',
  subjectType: 'lead',
  subjectId: 'lead_1',
  createdAt: 0,
};

async function payload(channel: Route['channel']) {
  const { init } = await outboundRequest(
    route(channel, 'https://chat.test/hook'),
    hostile,
    1_700_000_000_000,
  );
  return JSON.parse(String(init.body)) as Record<string, unknown>;
}

describe('slackText', () => {
  it('escapes the three mrkdwn control characters', () => {
    expect(slackText('a & b <!channel> <https://evil.example|x> c > d')).toBe(
      'a &amp; b &lt;!channel&gt; &lt;https://evil.example|x&gt; c &gt; d',
    );
  });
});

describe('plainChatText', () => {
  it('turns mention tags into inert look-alike brackets and keeps the words', () => {
    expect(plainChatText('<at user_id="all">all</at> <@zhangsan>')).toBe(
      '＜at user_id="all"＞all＜/at＞ ＜@zhangsan＞',
    );
  });
});

describe('chat payloads carry no live mention or link from untrusted text', () => {
  it('Slack: no <!channel>, <!here> or <url|label> survives, in blocks or in the fallback text', async () => {
    const body = await payload('slack');
    const texts = [
      body.text as string,
      (body.blocks as { text: { text: string } }[])[0]!.text.text,
    ];
    for (const text of texts) {
      expect(text).not.toMatch(/<[!@#]/);
      expect(text).not.toMatch(/<https?:/);
      expect(text).toContain('&lt;!channel&gt;');
      expect(text).toContain('&lt;https://evil.example|Reset your password&gt;');
    }
    expect(texts[1]!.startsWith('*New lead: &lt;!channel&gt;')).toBe(true);
  });

  for (const channel of ['feishu', 'dingtalk', 'wecom'] as const) {
    it(`${channel}: a plain text message, without markdown and without mention tags`, async () => {
      const body = await payload(channel);
      expect(body.msgtype ?? body.msg_type).toBe('text');
      expect(body).not.toHaveProperty('markdown');
      const content = (body.text ?? body.content) as { content?: string; text?: string };
      const text = content.content ?? content.text ?? '';
      expect(text).toContain('Reset your password');
      expect(text).not.toMatch(/<at\b|<@|<font|<!|<https?:/);
    });
  }
});
