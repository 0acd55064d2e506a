/** A signed Standard Webhooks delivery to the demo form source, for the benchmarks. */
import { createHmac } from 'node:crypto';
import { DEMO_FORM_SOURCE } from '../seed/generate';

const key = Buffer.from(DEMO_FORM_SOURCE.secret.slice('whsec_'.length), 'base64');

export function signedDelivery(n: number) {
  const id = `msg_bench_${Date.now()}_${n}_${Math.random().toString(36).slice(2, 8)}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    name: `Bench ${n}`,
    phone: `1390000${String(Math.abs(n) % 10_000).padStart(4, '0')}`,
    city: 'Shanghai',
    message: 'Could you send a quote?',
  });
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': `v1,${signature}`,
    },
  };
}
