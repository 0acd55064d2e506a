import { describe, expect, it } from 'vitest';
import { dingtalkAddressedToSource } from '../../worker/webhooks/dingtalk';

describe('DingTalk callbacks addressed to the configured robot', () => {
  it('accept the configured robot by robotCode or chatbotUserId', () => {
    expect(dingtalkAddressedToSource({ robotCode: 'dingA' }, { robotCode: 'dingA' })).toBe(true);
    expect(
      dingtalkAddressedToSource(
        { chatbotUserId: '$:LWCP_v1:$x' },
        { chatbotUserId: '$:LWCP_v1:$x' },
      ),
    ).toBe(true);
  });

  it('refuse another robot, and refuse everything when the source names no robot', () => {
    expect(dingtalkAddressedToSource({ robotCode: 'dingA' }, { robotCode: 'dingB' })).toBe(false);
    expect(
      dingtalkAddressedToSource(
        { robotCode: 'dingA', chatbotUserId: 'bot-1' },
        { robotCode: 'dingA', chatbotUserId: 'bot-2' },
      ),
    ).toBe(false);
    expect(dingtalkAddressedToSource({}, { robotCode: 'dingA' })).toBe(false);
    expect(dingtalkAddressedToSource(null, { robotCode: 'dingA' })).toBe(false);
  });

  it('limit to the configured conversations when there are any', () => {
    const config = { robotCode: 'dingA', conversationIds: 'cid-sales, cid-leads' };
    expect(
      dingtalkAddressedToSource(config, { robotCode: 'dingA', conversationId: 'cid-leads' }),
    ).toBe(true);
    expect(
      dingtalkAddressedToSource(config, { robotCode: 'dingA', conversationId: 'cid-other' }),
    ).toBe(false);
    expect(dingtalkAddressedToSource(config, { robotCode: 'dingA' })).toBe(false);
  });
});
