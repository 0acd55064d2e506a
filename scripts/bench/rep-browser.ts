/**
 * `npm run bench:rep-browser`: a rep on a slow phone network, in Debian's Chromium. Starts its
 * own local Fieldwall with the demo company, then for Chrome's "Slow 4G" and "Slow 3G" presets:
 * sign in and wait for a usable home (cold cache), open the visit form, log a visit with a
 * camera-sized photo (shrunk in the browser) and wait for the saved page. Then the offline path:
 * the network goes away, a visit is logged, the network returns, and the visit syncs, once.
 * Prints a table of times (median of the runs).
 */
import { parseArgs } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, LocalApp } from '../local-app';
import { busiestRep } from './session';

const PROFILES = [
  // Chrome DevTools presets: latency in ms, throughput in bytes per second.
  {
    name: 'Slow 4G',
    latency: 562.5,
    download: (1.44 * 1_000_000) / 8,
    upload: (0.675 * 1_000_000) / 8,
  },
  {
    name: 'Slow 3G',
    latency: 2_000,
    download: (0.4 * 1_000_000) / 8,
    upload: (0.4 * 1_000_000) / 8,
  },
];

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function throttle(context: BrowserContext, page: Page, profile: (typeof PROFILES)[number]) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.latency,
    downloadThroughput: profile.download,
    uploadThroughput: profile.upload,
  });
}

/** Puts a 3000 × 2000 camera-like JPEG into the form's photo input, made in the page itself. */
async function attachCameraPhoto(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 3000;
    canvas.height = 2000;
    const g = canvas.getContext('2d')!;
    for (let i = 0; i < 4000; i++) {
      g.fillStyle = `hsl(${(i * 37) % 360} 60% ${30 + (i % 50)}%)`;
      g.fillRect((i * 97) % 3000, (i * 53) % 2000, 40 + (i % 90), 30 + (i % 70));
    }
    const blob = await new Promise<Blob>((resolve) =>
      canvas.toBlob((b) => resolve(b!), 'image/jpeg', 0.92),
    );
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], 'camera.jpg', { type: 'image/jpeg' }));
    const input = document.querySelector<HTMLInputElement>('#photo')!;
    input.files = transfer.files;
    return blob.size;
  });
}

/** Times the cold sign-in page, then the step from "Sign in" to a usable home. */
async function signIn(
  page: Page,
  baseUrl: string,
  email: string,
): Promise<{ loginPage: number; home: number }> {
  let started = Date.now();
  await page.goto(`${baseUrl}/login`, { waitUntil: 'domcontentloaded' });
  const loginPage = Date.now() - started;
  await page.fill('#email', email);
  await page.fill('#password', 'fieldwall-demo');
  // Usable: the page is parsed and its deferred scripts ran (the three buttons work without JS anyway).
  started = Date.now();
  await Promise.all([
    page.waitForURL('**/rep', { waitUntil: 'domcontentloaded' }),
    page.click('main button[type=submit]'),
  ]);
  return { loginPage, home: Date.now() - started };
}

const app = await LocalApp.create('demo');
const browser = await launchChromium();
const rep = busiestRep('demo');
const results: {
  profile: string;
  login: number;
  home: number;
  form: number;
  visit: number;
  original: number;
  sent: number;
}[] = [];
try {
  for (const profile of PROFILES) {
    const samples = {
      login: [] as number[],
      home: [] as number[],
      form: [] as number[],
      visit: [] as number[],
      original: 0,
      sent: 0,
    };
    for (let run = 0; run < runs; run++) {
      // No service worker here: it would fetch on its own, outside the page's throttling.
      const context = await browser.newContext({
        viewport: { width: 360, height: 740 },
        serviceWorkers: 'block',
      });
      const page = await context.newPage();
      await throttle(context, page, profile);
      const signedIn = await signIn(page, app.baseUrl, rep.email);
      samples.login.push(signedIn.loginPage);
      samples.home.push(signedIn.home);

      const formPath = (await page.evaluate(() => fetch('/rep/today').then((r) => r.text()))).match(
        /href="(\/customers\/[^"]+\/visits\/new)"/,
      )?.[1];
      let started = Date.now();
      await page.goto(app.baseUrl + formPath, { waitUntil: 'domcontentloaded' });
      samples.form.push(Date.now() - started);

      await page.fill(
        '#summary',
        `Benchmark visit on ${profile.name}: walked the line, quote requested.`,
      );
      samples.original = await attachCameraPhoto(page);
      started = Date.now();
      await Promise.all([
        page.waitForURL(/saved=1/, { waitUntil: 'domcontentloaded', timeout: 120_000 }),
        page.click('main button[type=submit]'),
      ]);
      samples.visit.push(Date.now() - started);
      // The stored photo is what went over the network (after shrinking in the browser).
      samples.sent = await page.evaluate(async () => {
        const src = document
          .querySelector<HTMLImageElement>('ul.timeline img')
          ?.getAttribute('src');
        return src ? (await (await fetch(src)).arrayBuffer()).byteLength : 0;
      });
      await context.close();
    }
    results.push({
      profile: profile.name,
      login: median(samples.login),
      home: median(samples.home),
      form: median(samples.form),
      visit: median(samples.visit),
      original: samples.original,
      sent: samples.sent,
    });
  }

  // Offline: the service worker keeps the visit and sends it when the server answers again.
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await signIn(page, app.baseUrl, rep.email);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const formPath = (await page.evaluate(() => fetch('/rep/today').then((r) => r.text()))).match(
    /href="(\/customers\/[^"]+\/visits\/new)"/,
  )?.[1];
  await page.goto(app.baseUrl + formPath);
  const summary = `Offline benchmark visit ${Date.now()}`;
  await page.fill('#summary', summary);
  await app.stop();
  let started = Date.now();
  await page.click('main button[type=submit]');
  await page.waitForSelector('text=Saved on this phone');
  const queuedIn = Date.now() - started;
  await app.start();
  started = Date.now();
  await page.goto(`${app.baseUrl}/rep`);
  await page.waitForFunction(
    () => document.getElementById('sync-status')?.dataset.waitingCount === '0',
    undefined,
    { timeout: 60_000 },
  );
  const syncedIn = Date.now() - started;
  const stored = await page.evaluate(async (text) => {
    const list = (await (await fetch('/api/v1/customers?limit=100')).json()) as {
      items: { id: string }[];
    };
    let count = 0;
    for (const { id } of list.items) {
      const customer = (await (await fetch(`/api/v1/customers/${id}`)).json()) as {
        visits: { items: { summary: string }[] };
      };
      count += customer.visits.items.filter((visit) => visit.summary === text).length;
    }
    return count;
  }, summary);
  await context.close();

  console.log(
    `Rep ${rep.email} (${rep.customers} customers), demo data, median of ${runs} runs, cold cache each run\n`,
  );
  console.log(
    '| network | sign-in page, cold | sign in → usable home | open visit form | save visit with photo | photo uploaded (shrunk in the browser) |',
  );
  console.log('|---|---:|---:|---:|---:|---|');
  for (const r of results)
    console.log(
      `| ${r.profile} | ${seconds(r.login)} | ${seconds(r.home)} | ${seconds(r.form)} | ${seconds(r.visit)} | ${Math.round(r.sent / 1024)} KB (camera photo 3000 × 2000, ${Math.round(r.original / 1024)} KB) |`,
    );
  console.log(
    `\nOffline path: visit kept on the phone in ${seconds(queuedIn)}; after reconnecting, synced in ${seconds(syncedIn)}; stored ${stored} time(s).`,
  );
  if (stored !== 1) process.exitCode = 1;
} finally {
  await browser.close();
  await app.dispose();
}
