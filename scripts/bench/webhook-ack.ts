/**
 * `npm run bench:webhook-ack [-- --seconds 10 --clients 50]`: how fast Fieldwall acknowledges
 * signed form webhooks (verify, dedupe, record, enqueue, answer) under concurrent senders,
 * against `/healthz` on the same local server in the same run. Starts its own local Fieldwall.
 */
import { parseArgs } from 'node:util';
import { LocalApp } from '../local-app';
import { load, printTable } from './load';
import { signedDelivery } from './signed-delivery';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '50' },
  },
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const app = await LocalApp.create('tiny');
try {
  const base = app.baseUrl;
  await Promise.all(
    Array.from({ length: clients }, () => fetch(`${base}/healthz`).then((r) => r.arrayBuffer())),
  );
  const health = await load('GET /healthz', { clients, seconds }, () => fetch(`${base}/healthz`));
  const acks = await load('POST /webhooks/forms/demo (signed)', { clients, seconds }, (n) => {
    const delivery = signedDelivery(n);
    return fetch(`${base}/webhooks/forms/demo`, {
      method: 'POST',
      body: delivery.body,
      headers: delivery.headers,
    });
  });
  console.log(`${clients} concurrent senders, ${seconds} s each, local wrangler dev\n`);
  printTable([health, acks]);
  console.log(
    `\nWebhook acknowledgements run at ${((acks.perSecond / health.perSecond) * 100).toFixed(0)}% of the /healthz rate; p99 ${acks.p99.toFixed(0)} ms (${(acks.p99 / health.p99).toFixed(1)}× /healthz's).`,
  );
} finally {
  await app.dispose();
}
