/**
 * `npm run bench:webhook-ack [-- --seconds 10 --clients 50]`: how fast Fieldwall acknowledges
 * signed form webhooks (verify, dedupe, record, enqueue, answer) under concurrent senders,
 * against `/healthz` on the same local server in the same run. Starts its own local Fieldwall.
 */
import { createHmac } from 'node:crypto';
import { parseArgs } from 'node:util';
import { LocalApp } from '../local-app';
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

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

async function load(name: string, request: (n: number) => Promise<Response>) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const deadline = performance.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        const response = await request(n++);
        await response.arrayBuffer();
        latencies.push(performance.now() - started);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { name, requests: latencies.length, perSecond: latencies.length / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), statuses };
}

const app = await LocalApp.create('tiny');
try {
  const base = app.baseUrl;
  await Promise.all(Array.from({ length: clients }, () => fetch(`${base}/healthz`).then((r) => r.arrayBuffer())));
  const health = await load('GET /healthz', () => fetch(`${base}/healthz`));
  const acks = await load('POST /webhooks/forms/demo (signed)', (n) => {
    const delivery = signedDelivery(n);
    return fetch(`${base}/webhooks/forms/demo`, { method: 'POST', body: delivery.body, headers: delivery.headers });
  });
  console.log(`${clients} concurrent senders, ${seconds} s each, local wrangler dev\n`);
  console.log('| request | requests | per second | p50 ms | p99 ms | statuses |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const r of [health, acks]) console.log(`| ${r.name} | ${r.requests} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${[...r.statuses].map(([s, c]) => `${s}×${c}`).join(' ')} |`);
  console.log(`\nWebhook acknowledgements run at ${((acks.perSecond / health.perSecond) * 100).toFixed(0)}% of the /healthz rate; p99 ${acks.p99.toFixed(0)} ms (${(acks.p99 / health.p99).toFixed(1)}× /healthz's).`);
} finally {
  await app.dispose();
}
