import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, type LocalApp } from '../../scripts/local-app';
import { customersNamed, openRepPhone, type RepPhone } from './rep-phone';

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

// Debian's chromium is installed by .ci/run; on a machine without it this is reported as skipped.
describe.skipIf(!hasChromium())('running the sales book from a phone', () => {
  it('a rep creates a customer offline, syncs, logs a visit, creates a deal, and the stage gate asks for the file', async () => {
    const name = `Offline Prospect ${Date.now()}`;

    // 1. A new customer, typed with the network gone: kept on the phone.
    await page.goto(`${app.baseUrl}/customers/new`);
    await page.fill('#name', name);
    await page.fill('#phone', `139${String(Date.now()).slice(-8)}`);
    await app.stop();
    await page.click('main form.customer-form button[type=submit]');
    await page.waitForSelector('text=Saved on this phone');

    // 2. Back online: the queue is sent once, and the customer exists once.
    await app.start();
    await page.goto(`${app.baseUrl}/rep`);
    await page.waitForFunction(
      () => document.getElementById('sync-status')?.dataset.waitingCount === '0',
      undefined,
      { timeout: 60_000 },
    );
    const created = await customersNamed(phone, name);
    expect(created).toHaveLength(1);
    const customerPath = `/customers/${created[0]!.id}`;
    await page.goto(app.baseUrl + customerPath);
    expect(await page.textContent('h1')).toContain(name);

    // 3. A visit to the new customer.
    await page.click(`a[href="${customerPath}/visits/new"]`);
    await page.fill('#summary', 'First visit: they want a proposal for 20 sites.');
    await Promise.all([
      page.waitForURL((url) => url.pathname === customerPath),
      page.click('main form button[type=submit]'),
    ]);
    expect(await page.textContent('main')).toContain('First visit: they want a proposal');

    // 4. A deal on the customer.
    await page.click(`a[href="${customerPath}/deals/new"]`);
    await page.fill('#name', '20-site rollout');
    await page.fill('#amount', '120000');
    const inTwoMonths = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('#expectedCloseAt', inTwoMonths);
    await Promise.all([
      page.waitForURL((url) => url.pathname.startsWith('/deals/')),
      page.click('main form button[type=submit]'),
    ]);
    expect(await page.textContent('h1')).toContain('20-site rollout');

    // 5. Moving it to "propose" needs the signed requirements form (the demo's stage gate).
    await page.selectOption('#stage', 'propose');
    await page.click(`form[action$="/stage"] button[type=submit]`);
    await page.waitForSelector('#stage-missing');
    expect(await page.textContent('#stage-missing')).toContain('Signed requirements form');
    expect(await page.isVisible('#add-document')).toBe(true);

    // 6. With the signed form filed on the deal, the move goes through.
    await page.selectOption('#documentKind', 'requirements_form');
    await page.setInputFiles('#file', {
      name: 'requirements-signed.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% signed requirements\n%%EOF\n'),
    });
    await Promise.all([page.waitForEvent('load'), page.click('#add-document button[type=submit]')]);
    expect(await page.textContent('main')).toContain('requirements-signed.pdf');
    await page.selectOption('#stage', 'propose');
    await Promise.all([
      page.waitForEvent('load'),
      page.click(`form[action$="/stage"] button[type=submit]`),
    ]);
    expect(await page.textContent('.deal-stage')).toBe('Propose');
  });
});
