import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchChromium, LocalApp } from '../../scripts/local-app';
import { signInPage } from './sign-in-page';

let app: LocalApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Every visit POST leaving the phone (the service worker's included), with the session that was signed in. */
const visitPosts: { url: string; signedIn: string }[] = [];
let signedIn = '';

beforeAll(async () => {
  if (!hasChromium()) return;
  app = await LocalApp.create('tiny');
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  context.on('request', (request) => {
    if (
      request.method() === 'POST' &&
      /\/customers\/[^/]+\/visits$/.test(new URL(request.url()).pathname)
    )
      visitPosts.push({ url: request.url(), signedIn });
  });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

async function signIn(email: string) {
  // Named before the form is sent: the page the sign-in lands on sends the queue at once, and a
  // post made then belongs to this session (naming it after would blame the previous user).
  signedIn = email;
  await signInPage(page, app.baseUrl, email);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  }
}

/** Asks the worker to send the queue now, as the page does on load, and waits until it is done (at most 15 s). */
const syncNow = () =>
  page.evaluate(
    () =>
      new Promise((resolve) =>
        navigator.serviceWorker.ready.then((reg) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = resolve;
          setTimeout(resolve, 15_000);
          const csrf = document.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value;
          reg.active!.postMessage(
            { type: 'sync-now', userId: document.body.dataset.userId, csrf },
            [channel.port2],
          );
        }),
      ),
  );

const queuedOwners = () =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('fieldwall-offline', 1);
        open.onsuccess = () => {
          const all = open.result.transaction('visits').objectStore('visits').getAll();
          all.onsuccess = () =>
            resolve(all.result.map((item: { userId?: string }) => item.userId ?? '(nobody)'));
          all.onerror = () => reject(all.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );

async function storedVisits(email: string, customerId: string, summary: string): Promise<number> {
  const login = await fetch(`${app.baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ email, password: 'fieldwall-demo' }),
    headers: { origin: app.baseUrl },
  });
  const cookie = /fw_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
  const customer = (await (
    await fetch(`${app.baseUrl}/api/v1/customers/${customerId}`, { headers: { cookie } })
  ).json()) as { timeline: { items: { kind: string; visit?: { summary: string } }[] } };
  return customer.timeline.items.filter((entry) => entry.visit?.summary === summary).length;
}

describe.skipIf(!hasChromium())('offline visits after a change of user on the same phone', () => {
  it('rep A’s visit queued offline is never sent by rep B’s session, and goes out when A signs in again', async () => {
    await signIn('rep.east1@example.com');
    await page.goto(`${app.baseUrl}/rep/today`);
    const formPath = (await page.getAttribute('a[href$="/visits/new"]', 'href'))!;
    const customerId = formPath.split('/')[2]!;
    await page.goto(app.baseUrl + formPath);
    const csrf = await page.inputValue('input[name="_csrf"]');
    const summary = `Queued by A ${Date.now()}: wants a trial unit.`;
    await page.fill('#summary', summary);

    await app.stop();
    await page.click('main button[type=submit]');
    await page.waitForSelector('text=Saved on this phone');
    expect(await queuedOwners()).toEqual(['usr_rep_east1']);
    await app.start();

    // A signs out without sending (the "keep for later" choice; a form post without the script).
    await page.evaluate(
      (token) => fetch('/logout', { method: 'POST', body: new URLSearchParams({ _csrf: token }) }),
      csrf,
    );
    visitPosts.length = 0;

    await signIn('rep.east2@example.com');
    await syncNow();
    await page.goto(`${app.baseUrl}/rep`);
    await syncNow();
    expect(visitPosts.filter((post) => post.signedIn === 'rep.east2@example.com')).toEqual([]);
    expect(await queuedOwners()).toEqual(['usr_rep_east1']);
    expect(await page.getAttribute('#sync-status', 'data-waiting-count')).toBe('0');
    expect(await storedVisits('rep.east1@example.com', customerId, summary)).toBe(0);

    // Back to A: the visit goes out under A's session, once.
    await page.evaluate(() => {
      (document.querySelector('form[action="/logout"]') as HTMLFormElement).submit();
    });
    await page.waitForURL('**/login');
    await signIn('rep.east1@example.com');
    await syncNow();
    await page.waitForFunction(
      () => document.getElementById('sync-status')?.dataset.waitingCount === '0',
      undefined,
      { timeout: 60_000 },
    );
    expect(await queuedOwners()).toEqual([]);
    expect(visitPosts.every((post) => post.signedIn === 'rep.east1@example.com')).toBe(true);
    expect(await storedVisits('rep.east1@example.com', customerId, summary)).toBe(1);
  });
});
