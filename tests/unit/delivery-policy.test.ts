import { describe, expect, it } from 'vitest';
import {
  backoffSeconds,
  classifyResponse,
  retryAfterSeconds,
} from '../../worker/notifications/delivery-policy';

describe('delivery policy', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterSeconds('120', 0)).toBe(120);
    expect(retryAfterSeconds(new Date(90_000).toUTCString(), 0)).toBe(90);
    expect(retryAfterSeconds(null, 0)).toBeNull();
    expect(retryAfterSeconds('soon', 0)).toBeNull();
  });

  it('retries 5xx and 429, fails other 4xx, and reads robots’ codes', () => {
    expect(classifyResponse('slack', 502, null, '', 0)).toMatchObject({
      outcome: 'retry',
      delaySeconds: null,
    });
    expect(classifyResponse('slack', 429, '7', '', 0)).toMatchObject({
      outcome: 'retry',
      delaySeconds: 7,
    });
    expect(classifyResponse('slack', 404, null, 'no_service', 0)).toMatchObject({
      outcome: 'failed',
    });
    expect(classifyResponse('slack', 200, null, 'ok', 0)).toEqual({ outcome: 'sent' });
    expect(classifyResponse('wecom', 200, null, '{"errcode":0,"errmsg":"ok"}', 0)).toEqual({
      outcome: 'sent',
    });
    expect(
      classifyResponse('wecom', 200, null, '{"errcode":45009,"errmsg":"api freq out of limit"}', 0),
    ).toMatchObject({ outcome: 'retry', delaySeconds: 60 });
    expect(
      classifyResponse('wecom', 200, null, '{"errcode":93000,"errmsg":"invalid webhook url"}', 0),
    ).toMatchObject({ outcome: 'failed' });
    expect(classifyResponse('feishu', 200, null, 'not json', 0)).toMatchObject({
      outcome: 'failed',
    });
  });

  it('backs off exponentially from 30 s to 30 minutes, and lets Retry-After win', () => {
    expect([1, 2, 3, 4].map((n) => backoffSeconds(n, null))).toEqual([30, 60, 120, 240]);
    expect(backoffSeconds(20, null)).toBe(1_800);
    expect(backoffSeconds(1, 5)).toBe(5);
    expect(backoffSeconds(1, 999_999)).toBe(3_600);
  });
});
