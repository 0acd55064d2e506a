import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, type LocalApp } from '../../scripts/local-app';
import { openRepPhone, type RepPhone } from './rep-phone';

let phone: RepPhone;
let app: LocalApp;
let page: Page;

beforeAll(async () => {
  if (!hasChromium()) return;
  phone = await openRepPhone();
  ({ app, page } = phone);
});

afterAll(async () => {
  await phone?.close();
});

const queued = () =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('fieldwall-offline', 1);
        open.onsuccess = () => {
          const count = open.result.transaction('visits').objectStore('visits').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );

async function visitsWithSummary(summary: string): Promise<number> {
  const cookie = await phone.cookie();
  const customers = (await (
    await fetch(`${app.baseUrl}/api/v1/customers?limit=100`, { headers: { cookie } })
  ).json()) as { items: { id: string }[] };
  let total = 0;
  for (const { id } of customers.items) {
    const customer = (await (
      await fetch(`${app.baseUrl}/api/v1/customers/${id}`, { headers: { cookie } })
    ).json()) as { timeline: { items: { kind: string; visit?: { summary: string } }[] } };
    total += customer.timeline.items.filter((entry) => entry.visit?.summary === summary).length;
  }
  return total;
}

// Debian's chromium is installed by .ci/run; on a machine without it these are reported as skipped.
describe.skipIf(!hasChromium())('offline visits', () => {
  it('keeps the Today list readable with the network gone', async () => {
    await page.goto(`${app.baseUrl}/rep/today`);
    const online = await page.textContent('main');
    await app.stop();
    await page.goto(`${app.baseUrl}/rep/today`);
    expect(await page.textContent('main')).toBe(online);
    await app.start();
  });

  it('shows the offline page in the language the rep switched to, not the one it was cached in', async () => {
    const switchTo = (locale: string) =>
      Promise.all([
        page.waitForURL('**/rep'),
        page
          .selectOption('#locale-select', locale)
          .then(() => page.click('form[action="/settings/locale"] button[type=submit]')),
      ]);
    // A page not kept for offline use, opened with the network gone; the network comes back whatever happens.
    const offlineHeading = async () => {
      await app.stop();
      try {
        await page.goto(`${app.baseUrl}/customers`);
        return await page.textContent('h1');
      } finally {
        await app.start();
      }
    };
    await page.goto(`${app.baseUrl}/rep`);
    await switchTo('zh-CN');
    expect(await offlineHeading()).toBe('当前离线');
    await page.goto(`${app.baseUrl}/rep`);
    await switchTo('en');
    expect(await offlineHeading()).toBe('You are offline');
  });

  it('queues a visit logged offline and stores it once when the network returns', async () => {
    await page.goto(`${app.baseUrl}/rep/today`);
    const formPath = await page.getAttribute('a[href$="/visits/new"]', 'href');
    await page.goto(app.baseUrl + formPath);
    const summary = `Offline visit ${Date.now()}: the customer wants a trial.`;
    await page.fill('#summary', summary);

    await app.stop();
    await page.click('main button[type=submit]');
    await page.waitForSelector('text=Saved on this phone');
    expect(await queued()).toBe(1);

    // A retry after a lost answer sends the same visit twice: copy the queued entry under another id.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('fieldwall-offline', 1);
          open.onsuccess = () => {
            const store = open.result.transaction('visits', 'readwrite').objectStore('visits');
            const all = store.getAll();
            all.onsuccess = () => {
              store.put({ ...all.result[0], key: 'resend-of-the-same-visit' });
              store.transaction.oncomplete = () => resolve();
            };
          };
          open.onerror = () => reject(open.error);
        }),
    );
    expect(await queued()).toBe(2);

    await app.start();
    await page.goto(`${app.baseUrl}/rep`);
    await page.waitForFunction(
      () => document.getElementById('sync-status')?.dataset.waitingCount === '0',
      undefined,
      { timeout: 60_000 },
    );
    expect(await queued()).toBe(0);
    expect(await page.textContent('#sync-status')).toContain('last sync');
    expect(await visitsWithSummary(summary)).toBe(1);
  });
});
