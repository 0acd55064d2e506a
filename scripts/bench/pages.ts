/**
 * `npm run bench:pages [-- --seconds 10 --clients 50]`: the signed-in pages and the signed form
 * webhook under concurrent clients, each against `/healthz` on the same local server in the same
 * run (the ratios, not the absolute figures, are the result). Starts its own local Fieldwall.
 */
import { parseArgs } from 'node:util';
import { LocalApp } from '../local-app';
import { load, printTable, type LoadResult } from './load';
import { busiestRep, signIn } from './session';
import { signedDelivery } from './signed-delivery';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '50' },
  },
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const options = { clients, seconds };

const app = await LocalApp.create('tiny');
try {
  const base = app.baseUrl;
  const repCookie = await signIn(base, busiestRep('tiny').email);
  const managerCookie = await signIn(base, 'manager.east@example.com');
  const customerList = await (
    await fetch(`${base}/customers`, { headers: { cookie: repCookie } })
  ).text();
  const customerId = /href="\/customers\/(cus_[^"/]+)"/.exec(customerList)?.[1];
  if (!customerId) throw new Error('the rep’s customer list links no customer');
  const page = (name: string, path: string, cookie: string) => ({
    name: `GET ${name}`,
    run: () => fetch(base + path, { headers: { cookie }, redirect: 'manual' }),
  });
  const calls = [
    { name: 'GET /healthz', run: () => fetch(`${base}/healthz`) },
    page('/rep (rep home)', '/rep', repCookie),
    page('/rep/today', '/rep/today', repCookie),
    page('/customers', '/customers', repCookie),
    page('/customers/:id', `/customers/${customerId}`, repCookie),
    page('/manager/wall', '/manager/wall', managerCookie),
    {
      name: 'POST /webhooks/forms/demo (signed)',
      run: (n: number) => {
        const delivery = signedDelivery(n);
        return fetch(`${base}/webhooks/forms/demo`, {
          method: 'POST',
          body: delivery.body,
          headers: delivery.headers,
        });
      },
    },
  ];
  // Warm the server (module load, first D1 reads) before measuring.
  for (const call of calls)
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => call.run(-1 - i).then((r) => r.arrayBuffer())),
    );
  const results: LoadResult[] = [];
  for (const call of calls) results.push(await load(call.name, options, call.run));
  const health = results[0]!;
  console.log(`${clients} concurrent clients, ${seconds} s each, local wrangler dev, tiny seed\n`);
  printTable(results);
  console.log('\n| call | rate ÷ /healthz | p50 ÷ /healthz | p99 ÷ /healthz |');
  console.log('|---|---:|---:|---:|');
  for (const r of results.slice(1))
    console.log(
      `| ${r.name} | ${(r.perSecond / health.perSecond).toFixed(2)}× | ${(r.p50 / health.p50).toFixed(2)}× | ${(r.p99 / health.p99).toFixed(2)}× |`,
    );
} finally {
  await app.dispose();
}
