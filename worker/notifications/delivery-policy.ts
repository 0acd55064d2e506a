/**
 * What a robot's or webhook's answer means for a notification (pure): sent, try again later
 * (5xx, 429 honouring Retry-After, timeouts, the robots' own rate-limit codes), or failed for
 * good (any other 4xx, or a robot refusing the message). A 200 from a chat robot is only a
 * success when its body says so. The numbers: docs/rules.md#outbound-notifications.
 */
export type DeliveryOutcome =
  | { outcome: 'sent' }
  | { outcome: 'retry'; delaySeconds: number | null; error: string }
  | { outcome: 'failed'; error: string };

// Robot error codes that mean "slow down", not "wrong message".
const RATE_LIMIT_CODES: Record<string, number[]> = {
  dingtalk: [130101, 660026],
  wecom: [45009, 45033],
  feishu: [9499, 11232, 11233],
};

export function retryAfterSeconds(header: string | null, now: number): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export function classifyResponse(
  channel: string,
  status: number,
  retryAfter: string | null,
  body: string,
  now: number,
): DeliveryOutcome {
  if (status === 429)
    return {
      outcome: 'retry',
      delaySeconds: retryAfterSeconds(retryAfter, now),
      error: `429 Too Many Requests`,
    };
  if (status >= 500) return { outcome: 'retry', delaySeconds: null, error: `HTTP ${status}` };
  if (status < 200 || status >= 300)
    return { outcome: 'failed', error: `HTTP ${status}: ${body.slice(0, 200)}` };
  if (channel === 'feishu' || channel === 'dingtalk' || channel === 'wecom') {
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return { outcome: 'failed', error: `unreadable answer: ${body.slice(0, 200)}` };
    }
    const code = Number(parsed.code ?? parsed.errcode ?? parsed.StatusCode ?? 0);
    if (code === 0) return { outcome: 'sent' };
    const message = String(parsed.msg ?? parsed.errmsg ?? parsed.StatusMessage ?? 'error');
    if (RATE_LIMIT_CODES[channel]?.includes(code))
      return { outcome: 'retry', delaySeconds: 60, error: `${code} ${message}` };
    return { outcome: 'failed', error: `${code} ${message}` };
  }
  return { outcome: 'sent' };
}

/** Back-off for retried deliveries: 30 s, 60 s, 120 s … capped at 30 minutes; Retry-After wins when given (docs/rules.md#outbound-notifications). */
export function backoffSeconds(attempt: number, retryAfter: number | null): number {
  if (retryAfter !== null) return Math.min(Math.max(retryAfter, 1), 3_600);
  return Math.min(1_800, 30 * 2 ** Math.max(0, attempt - 1));
}
