/**
 * `npm run bench:wall-claims [-- --seconds 10 --clients 50]`: claims per second on one region
 * object and their latency under 50 concurrent clients, against a no-op call to the same object
 * over the same path (`/api/v1/wall/ping`) in the same run. Starts its own local Fieldwall.
 * Every claim goes through the full API: bearer token, scope lookup in D1, the object's claim.
 */
import { parseArgs } from 'node:util';
import { LocalApp } from '../local-app';
import { load, printTable } from './load';
import { signIn } from './session';

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
  const adminCookie = await signIn(base, 'admin@example.com');
  const adminPage = await (
    await fetch(`${base}/admin/api-tokens`, { headers: { cookie: adminCookie } })
  ).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(adminPage)![1]!;
  const post = (path: string, fields: Record<string, string>) =>
    fetch(base + path, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf, ...fields }),
      headers: { cookie: adminCookie, origin: base },
      redirect: 'manual',
    });
  const tokenPage = await (
    await post('/admin/api-tokens', { name: 'bench', email: 'rep.east1@example.com' })
  ).text();
  const token = /class="mono">(fwk_[\w-]+)</.exec(tokenPage)![1]!;
  await post('/admin/campaigns', {
    name: 'Bench',
    t0_title: 'Bench task A',
    t0_perCity: '20',
    t0_dueOffsetHours: '48',
    t0_cities: 'city_shanghai',
    t1_title: 'Bench task B',
    t1_perCity: '20',
    t1_dueOffsetHours: '48',
    t1_cities: 'city_shanghai',
  });
  const campaignsPage = await (
    await fetch(`${base}/admin/campaigns`, { headers: { cookie: adminCookie } })
  ).text();
  const campaignId = /action="\/admin\/campaigns\/([0-9a-f-]{36})\/publish"/.exec(
    campaignsPage,
  )![1]!;
  await post(`/admin/campaigns/${campaignId}/publish`, {});
  const auth = { authorization: `Bearer ${token}` };
  const open = (await (
    await fetch(`${base}/api/v1/tasks?status=open`, { headers: auth })
  ).json()) as { items: { id: string }[] };
  const taskIds = open.items
    .filter((task) => task.id.includes('.city_shanghai.'))
    .map((task) => task.id);

  // Warm both paths, then measure the no-op first and the claims second.
  await Promise.all(
    Array.from({ length: clients }, () =>
      fetch(`${base}/api/v1/wall/ping`, { headers: auth }).then((r) => r.arrayBuffer()),
    ),
  );
  const ping = await load('no-op call to the object', { clients, seconds }, () =>
    fetch(`${base}/api/v1/wall/ping`, { headers: auth }),
  );
  const claims = await load('claim (200 won / 200 already yours)', { clients, seconds }, (n) =>
    fetch(`${base}/api/v1/tasks/${taskIds[n % taskIds.length]}/claim`, {
      method: 'POST',
      headers: auth,
    }),
  );

  console.log(
    `${clients} concurrent clients, ${seconds} s each, one region object (East), ${taskIds.length} tasks, local wrangler dev\n`,
  );
  printTable([ping, claims]);
  console.log(
    `\nClaims run at ${((claims.perSecond / ping.perSecond) * 100).toFixed(0)}% of the no-op rate; p99 claim latency is ${(claims.p99 / ping.p99).toFixed(1)}× the no-op's.`,
  );
} finally {
  await app.dispose();
}
