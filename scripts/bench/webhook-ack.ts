/**
 * `npm run bench:webhook-ack [-- --seconds 10 --clients 50]`: how fast Fieldwall acknowledges
 * signed form webhooks (verify, dedupe, record, enqueue, answer) under concurrent senders,
 * against `/healthz` on the same local server in the same run. Starts its own local Fieldwall.
 */
import { createHmac } from 'node:crypto';
import { parseArgs } from 'node:util';
import { LocalApp } from '../local-app';
import { load, printTable } from './load';
import { DEMO_FORM_SOURCE } from '../seed/generate';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, clients: { type: 'string', default: '50' } } });
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const key = Buffer.from(DEMO_FORM_SOURCE.secret.slice('whsec_'.length), 'base64');

function signedDelivery(n: number) {
  const id = `msg_bench_${Date.now()}_${n}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ name: `Bench ${n}`, phone: `1390000${String(n).padStart(4, '0')}`, city: 'Shanghai', message: 'Could you send a quote?' });
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { body, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${signature}` } };
}

const app = await LocalApp.create('tiny');
try {
  const base = app.baseUrl;
  await Promise.all(Array.from({ length: clients }, () => fetch(`${base}/healthz`).then((r) => r.arrayBuffer())));
  const health = await load('GET /healthz', { clients, seconds }, () => fetch(`${base}/healthz`));
  const acks = await load('POST /webhooks/forms/demo (signed)', { clients, seconds }, (n) => {
    const delivery = signedDelivery(n);
    return fetch(`${base}/webhooks/forms/demo`, { method: 'POST', body: delivery.body, headers: delivery.headers });
  });
  console.log(`${clients} concurrent senders, ${seconds} s each, local wrangler dev\n`);
  printTable([health, acks]);
  console.log(`\nWebhook acknowledgements run at ${((acks.perSecond / health.perSecond) * 100).toFixed(0)}% of the /healthz rate; p99 ${acks.p99.toFixed(0)} ms (${(acks.p99 / health.p99).toFixed(1)}× /healthz's).`);
} finally {
  await app.dispose();
}
