import { describe, expect, it } from 'vitest';
import {
  signStandardWebhook,
  verifySlackRequest,
  verifyStandardWebhook,
} from '../../worker/webhooks/signatures';

// Published by the Standard Webhooks specification and its reference libraries.
const STANDARD = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const standardNow = 1614265330 * 1000;

// Published in Slack's "Verifying requests from Slack" documentation.
const SLACK = {
  signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};
const slackNow = 1531420618 * 1000;

describe('Standard Webhooks', () => {
  it('reproduces the published signature exactly', async () => {
    expect(
      await signStandardWebhook(
        STANDARD.secret,
        STANDARD.id,
        Number(STANDARD.timestamp),
        STANDARD.body,
      ),
    ).toBe(STANDARD.signature);
  });

  it('verifies the published vector, also among several signatures', async () => {
    expect(await verifyStandardWebhook({ ...STANDARD, now: standardNow })).toEqual({ ok: true });
    expect(
      await verifyStandardWebhook({
        ...STANDARD,
        signature: `v1,bm9wZQ== ${STANDARD.signature}`,
        now: standardNow,
      }),
    ).toEqual({ ok: true });
  });

  it('refuses a changed body, a wrong secret, a stale or future timestamp, and missing headers', async () => {
    expect(
      await verifyStandardWebhook({ ...STANDARD, body: '{"test": 2432232315}', now: standardNow }),
    ).toEqual({ ok: false, reason: 'bad_signature' });
    expect(
      await verifyStandardWebhook({
        ...STANDARD,
        secret: 'whsec_bm90LXRoZS1zZWNyZXQ=',
        now: standardNow,
      }),
    ).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await verifyStandardWebhook({ ...STANDARD, now: standardNow + 301_000 })).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
    expect(await verifyStandardWebhook({ ...STANDARD, now: standardNow - 301_000 })).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
    expect(await verifyStandardWebhook({ ...STANDARD, now: standardNow + 299_000 })).toEqual({
      ok: true,
    });
    expect(await verifyStandardWebhook({ ...STANDARD, id: undefined, now: standardNow })).toEqual({
      ok: false,
      reason: 'missing_headers',
    });
    expect(
      await verifyStandardWebhook({ ...STANDARD, signature: 'v2,abc', now: standardNow }),
    ).toEqual({ ok: false, reason: 'bad_signature' });
  });
});

describe('Slack request signing', () => {
  it('verifies Slack’s documented example', async () => {
    expect(await verifySlackRequest({ ...SLACK, now: slackNow })).toEqual({ ok: true });
  });

  it('refuses a tampered body, a stale timestamp and a missing header', async () => {
    expect(await verifySlackRequest({ ...SLACK, body: `${SLACK.body}x`, now: slackNow })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(await verifySlackRequest({ ...SLACK, now: slackNow + 6 * 60_000 })).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
    expect(await verifySlackRequest({ ...SLACK, signature: undefined, now: slackNow })).toEqual({
      ok: false,
      reason: 'missing_headers',
    });
  });
});
