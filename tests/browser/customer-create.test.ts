import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, type LocalApp } from '../../scripts/local-app';
import { customersNamed, openRepPhone, type RepPhone } from './rep-phone';

// A rep on a 360 px phone creates customers: the duplicate check answers as they type, and a
// customer saved with the network gone is stored once when it comes back.

let phone: RepPhone;
let app: LocalApp;
let page: Page;

beforeAll(async () => {
  if (!hasChromium()) return;
  phone = await openRepPhone('rep.east1@example.com', {
    geolocation: { latitude: 31.2304, longitude: 121.4737 },
    permissions: ['geolocation'],
  });
  ({ app, page } = phone);
});

afterAll(async () => {
  await phone?.close();
});

describe.skipIf(!hasChromium())('creating a customer on the phone', () => {
  it('opens from the rep home, fits 360 px, and lists a possible duplicate as the rep types', async () => {
    await page.goto(`${app.baseUrl}/rep`);
    await Promise.all([page.waitForURL('**/customers/new'), page.click('#new-customer')]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    // An existing customer of this rep, by its phone.
    await page.goto(`${app.baseUrl}/customers`);
    const firstHref = (await page.getAttribute('#customer-rows a[href^="/customers/"]', 'href'))!;
    await page.goto(app.baseUrl + firstHref);
    const phone = (await page.getAttribute('a[href^="tel:"]', 'href'))!.slice(4);
    const existingName = (await page.textContent('h1'))!.trim();
    await page.goto(`${app.baseUrl}/customers/new`);
    // The position is the rep's choice: nothing is asked until they tap the button.
    expect(await page.inputValue('input[name=lat]')).toBe('');
    await page.click('button.use-position');
    await page.waitForFunction(
      () => (document.querySelector('input[name=lat]') as HTMLInputElement).value !== '',
    );
    expect(await page.inputValue('input[name=lat]')).toBe('31.230400');
    await page.fill('#name', 'Brand New Prospect');
    await page.fill('#phone', phone);
    await page.waitForSelector(`#duplicates a[href="${firstHref}"]`);
    expect(await page.textContent('#duplicates')).toContain(existingName.split(' ')[0]);
  });

  it('saves a customer offline and stores it once when the network returns', async () => {
    const name = `Offline Prospect ${Date.now()}`;
    await page.goto(`${app.baseUrl}/customers/new`);
    await page.fill('#name', name);
    await page.fill('#phone', `+86 177 ${String(Date.now()).slice(-8)}`);
    await app.stop();
    await page.click('main button[type=submit]');
    await page.waitForSelector('text=Saved on this phone');
    await app.start();
    await page.goto(`${app.baseUrl}/rep`);
    await page.waitForFunction(
      () => document.getElementById('sync-status')?.dataset.waitingCount === '0',
      undefined,
      { timeout: 60_000 },
    );
    expect((await customersNamed(phone, name)).length).toBe(1);
  });
});
