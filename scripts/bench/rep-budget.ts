/**
 * `npm run bench:rep-budget [-- --base http://localhost:8787 --scale demo]` with `npm start`
 * running: the rep pages' weight and D1 cost for the rep with the most customers, against the
 * budgets in the README's Performance section. Prints a table; exits 1 when a budget is broken.
 */
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import type { SeedScale } from '../seed/generate';
import { busiestRep, signIn } from './session';

const BUDGET = { htmlGzip: 8 * 1024, firstVisitGzip: 28 * 1024, roundTrips: 1 };
const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://localhost:8787' },
    scale: { type: 'string', default: 'demo' },
  },
});
const base = values.base!;

const rep = busiestRep(values.scale as SeedScale);
const cookie = await signIn(base, rep.email);
// One page first, so the isolate knows the session (the budget is for a warm isolate).
await fetch(`${base}/rep`, { headers: { cookie } }).then((r) => r.arrayBuffer());
const gz = (bytes: Uint8Array) => gzipSync(bytes, { level: 6 }).length;

async function get(path: string, withCookie = true) {
  const response = await fetch(base + path, {
    headers: withCookie ? { cookie } : {},
    redirect: 'manual',
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    path,
    status: response.status,
    bytes: bytes.length,
    gzip: gz(bytes),
    roundTrips: Number(response.headers.get('x-d1-round-trips') ?? NaN),
    cacheControl: response.headers.get('cache-control') ?? '',
    body: new TextDecoder().decode(bytes),
  };
}

const home = await get('/rep');
const customerId =
  /href="\/customers\/(cus_\d+)\/visits\/new"/.exec((await get('/rep/today')).body)?.[1] ??
  /href="\/customers\/(cus_\d+)"/.exec((await get('/customers')).body)?.[1];
const pages = [
  home,
  ...(await Promise.all(
    [
      '/rep/today',
      '/rep/contracts',
      '/rep/inbox',
      '/customers',
      `/customers/${customerId}`,
      `/customers/${customerId}/visits/new`,
    ].map((path) => get(path)),
  )),
];
const assetPaths = [...home.body.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
const assets = await Promise.all([...assetPaths, '/sw.js'].map((path) => get(path, false)));

let failed = false;
const check = (ok: boolean) => {
  if (!ok) failed = true;
  return ok ? 'ok' : 'OVER';
};
console.log(
  `Rep pages for ${rep.email} (${rep.customers} customers), ${values.scale} seed, ${base}\n`,
);
console.log('| page | status | HTML bytes | gzip bytes | D1 round trips | budget |');
console.log('|---|---:|---:|---:|---:|---|');
for (const page of pages) {
  const ok =
    page.status === 200 && page.gzip <= BUDGET.htmlGzip && page.roundTrips <= BUDGET.roundTrips;
  console.log(
    `| ${page.path.replace(/cus_\d+/, ':id')} | ${page.status} | ${page.bytes} | ${page.gzip} | ${page.roundTrips} | ${check(ok)} |`,
  );
}
console.log('\n| asset | gzip bytes | Cache-Control |');
console.log('|---|---:|---|');
for (const asset of assets)
  console.log(`| ${asset.path} | ${asset.gzip} | ${asset.cacheControl} |`);
const firstVisit = home.gzip + assets.reduce((sum, asset) => sum + asset.gzip, 0);
const immutable = assets
  .filter((a) => a.path.startsWith('/assets/'))
  .every((a) => a.cacheControl.includes('immutable'));
console.log(
  `\nFirst visit to /rep (HTML + CSS + JS + service worker, gzip): ${firstVisit} bytes of ${BUDGET.firstVisitGzip} — ${check(firstVisit <= BUDGET.firstVisitGzip)}`,
);
console.log(
  `Repeat visit: HTML only (${home.gzip} bytes gzip); fingerprinted assets immutable: ${check(immutable)}`,
);
process.exit(failed ? 1 : 0);
