import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium, LocalApp } from '../../scripts/local-app';
import { generateSeed } from '../../scripts/seed/generate';
import { DEFAULT_SEED } from '../../scripts/bench/session';
import { parseCsv } from '../../worker/imports/csv-read';
import { signInPage } from './sign-in-page';

// An admin imports customers from a file whose name column has a header Fieldwall does not know
// ("Firma"): maps it by hand, watches the progress bar fill without a reload, downloads the bad rows.

const ROWS = 1_500;
let app: LocalApp;
let browser: Browser;
let page: Page;

function customerFile() {
  const company = generateSeed({ seed: DEFAULT_SEED, scale: 'tiny', now: Date.now() });
  const cities = company.cities.filter((city) => city.regionId === 'reg_east');
  const lines = ['Firma,手机,城市,External ID'];
  const badRows: number[] = [];
  for (let i = 0; i < ROWS; i += 1) {
    const bad = (i + 1) % 100 === 0;
    if (bad) badRows.push(i + 2);
    const phone = bad ? 'not a phone' : `1990${String(i).padStart(7, '0')}`;
    lines.push(`Browser Import ${i},${phone},${cities[i % cities.length]!.nameZh},bi-${i}`);
  }
  return { csv: lines.join('\r\n') + '\r\n', badRows };
}

beforeAll(async () => {
  if (!hasChromium()) return;
  app = await LocalApp.create('tiny');
  browser = await launchChromium();
  page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
  ).newPage();
  await signInPage(page, app.baseUrl, 'admin@example.com');
});

afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

describe.skipIf(!hasChromium())('importing customers in the browser', () => {
  it('maps a column by hand, watches the progress reach the end, and downloads the failed rows', async () => {
    const file = customerFile();
    await page.goto(`${app.baseUrl}/admin/users`);
    await Promise.all([page.waitForURL('**/imports'), page.click('nav a[href="/imports"]')]);
    await Promise.all([page.waitForURL('**/imports/new'), page.click('a[href="/imports/new"]')]);
    await page.selectOption('#f-kind', 'customers');
    await page.selectOption('#f-region', 'reg_east');
    await page.setInputFiles('#f-file', {
      name: 'customers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(file.csv, 'utf8'),
    });
    await Promise.all([
      page.waitForURL(/\/imports\/[\w-]+$/),
      page.click('main button[type=submit]'),
    ]);

    // "Firma" is no header Fieldwall knows: the column starts as ignored; the others are matched.
    expect(await page.inputValue('#column-0')).toBe('');
    expect(await page.inputValue('#column-1')).toBe('phone');
    expect(await page.inputValue('#column-2')).toBe('city');
    expect(await page.inputValue('#column-3')).toBe('externalId');
    await page.selectOption('#column-0', 'name');
    await Promise.all([
      page.waitForURL(/\/imports\/[\w-]+$/),
      page.click('main button[type=submit]'),
    ]);
    // The page opens while the queue has not yet run a chunk (its batch waits up to 2 s): polling.
    expect(await page.getAttribute('#import-progress', 'hx-trigger')).toBe('every 2s');
    // Marks this document: a reload would lose the mark.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await page.waitForFunction(
      () => {
        const bar = document.querySelector<HTMLProgressElement>('#import-bar');
        return (
          bar !== null && bar.value === bar.max && document.querySelector('[data-count="created"]')
        );
      },
      undefined,
      { timeout: 90_000 },
    );
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(
      true,
    );
    expect(await page.getAttribute('#import-bar', 'max')).toBe(String(ROWS));
    expect(await page.textContent('[data-count="created"]')).toBe(
      String(ROWS - file.badRows.length),
    );
    expect(await page.textContent('[data-count="failed"]')).toBe(String(file.badRows.length));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a[href$="/errors.csv"]'),
    ]);
    const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['Firma', '手机', '城市', 'External ID', 'row', 'error']);
    expect(rows.map((row) => Number(row[4]))).toEqual(file.badRows);
    expect(rows[0]![1]).toBe('not a phone');
    expect(rows[0]![5]).toBe('手机: Not a phone number.');
  });
});
