import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { hasChromium, launchChromium, LocalApp } from '../../scripts/local-app';
import { publishShanghaiTask } from './campaigns';
import { signInPage } from './sign-in-page';

// Every htmx interaction in Fieldwall, driven in Chromium against a local app running htmx 4:
// each one updates part of the page without loading a new document.

let app: LocalApp;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium()) return;
  app = await LocalApp.create('tiny');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

/** A signed-in page that records htmx requests and anything the console or CSP complains about. */
async function signedInPage(email: string) {
  const page = await (await browser.newContext()).newPage();
  const problems: string[] = [];
  const htmxRequests: Request[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => {
    if (request.headers()['hx-request'] === 'true') htmxRequests.push(request);
  });
  await signInPage(page, app.baseUrl, email);
  return { page, problems, htmxRequests };
}

/** Marks the current document: the mark survives only if no new page was loaded. */
async function markDocument(page: Page) {
  await page.evaluate(() => ((window as unknown as { fieldwallMark: number }).fieldwallMark = 1));
}
async function sameDocument(page: Page) {
  return page.evaluate(() => (window as unknown as { fieldwallMark?: number }).fieldwallMark === 1);
}

const rowTitles = (page: Page) => page.locator('#customer-rows .row-title').allTextContents();

describe.skipIf(!hasChromium())('htmx interactions', () => {
  it('searches customers as the director types, updating the rows in place', async () => {
    const { page, problems, htmxRequests } = await signedInPage('director@example.com');
    await page.goto(`${app.baseUrl}/customers`);
    const before = await rowTitles(page);
    expect(before.length).toBe(25);
    const wanted = before[7]!;
    await markDocument(page);

    await page.fill('input[name=q]', wanted);
    await page.waitForFunction(
      (name) =>
        [...document.querySelectorAll('#customer-rows .row-title')].every(
          (row) => row.textContent === name,
        ),
      wanted,
      { timeout: 10_000 },
    );

    expect(await rowTitles(page)).toEqual([wanted]);
    expect(await sameDocument(page)).toBe(true);
    // hx-push-url: the address names the search, so reloading or sharing it shows the same rows.
    expect(new URL(page.url()).searchParams.get('q')).toBe(wanted);
    expect(await page.title()).toContain('Customers');
    // The CSRF header on <body> reaches requests inside it (htmx 4 inherits only `:inherited`).
    const search = htmxRequests.find((request) => request.url().includes('q='))!;
    expect(search.headers()['x-csrf-token']).toMatch(/.{16,}/);
    expect(problems).toEqual([]);

    // Back to the unfiltered list: the page is restored from the server, all rows again.
    await page.goBack();
    await page.waitForFunction(
      () => document.querySelectorAll('#customer-rows .row-title').length === 25,
    );
    expect(new URL(page.url()).searchParams.get('q')).toBeNull();
    expect(await page.locator('h1').count()).toBe(1);
  });

  it('shows "no customers" when the search matches nothing, without a page load', async () => {
    const { page, problems } = await signedInPage('director@example.com');
    await page.goto(`${app.baseUrl}/customers`);
    await markDocument(page);
    await page.fill('input[name=q]', 'zzzz-nobody');
    await page.locator('#customer-rows li.empty').waitFor({ timeout: 10_000 });
    expect(await rowTitles(page)).toEqual([]);
    expect(await sameDocument(page)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('adds the next customers under the first page when "more" is pressed, keeping the page', async () => {
    const { page, problems } = await signedInPage('director@example.com');
    await page.goto(`${app.baseUrl}/customers`);
    const url = page.url();
    const first = await rowTitles(page);
    expect(first.length).toBe(25);
    await markDocument(page);

    await page.click('#more-customers a');
    await page.waitForFunction(
      () => document.querySelectorAll('#customer-rows .row-title').length > 25,
    );

    const all = await rowTitles(page);
    // The tiny seed has 48 customers: the second page holds the other 23, and no new "more".
    expect(all.length).toBe(48);
    expect(all.slice(0, 25)).toEqual(first);
    expect(new Set(all).size).toBe(48);
    expect(await page.locator('#more-customers').count()).toBe(0);
    expect(page.url()).toBe(url);
    expect(await sameDocument(page)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('leaves the rows as they are when "more" gets an error answer, never an error page inside', async () => {
    const { page, htmxRequests } = await signedInPage('director@example.com');
    await page.goto(`${app.baseUrl}/customers`);
    const first = await rowTitles(page);
    // A page position the server cannot read answers 400 with a whole error page.
    await page.evaluate(() => {
      const link = document.querySelector('#more-customers a')!;
      link.setAttribute('hx-get', '/customers?cursor=not-a-cursor');
      (window as unknown as { htmx: { process(elt: Element, force: boolean): void } }).htmx.process(
        link,
        true,
      );
    });
    const answered = page.waitForResponse((response) => response.url().includes('not-a-cursor'));
    await page.click('#more-customers a');
    expect((await answered).status()).toBe(400);
    await page.waitForTimeout(300);

    expect(htmxRequests.some((request) => request.url().includes('not-a-cursor'))).toBe(true);
    expect(await rowTitles(page)).toEqual(first);
    expect(await page.locator('header.bar').count()).toBe(1);
    expect(await page.locator('#more-customers a').count()).toBe(1);
  });

  it('adds older entries to a customer’s timeline in place', async () => {
    const { page, problems } = await signedInPage('director@example.com');
    await page.goto(`${app.baseUrl}/customers?limit=100`);
    const links = await page
      .locator('#customer-rows a[href^="/customers/"]')
      .evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')!));
    // The first customer with more than one page of timeline entries.
    let customerPath: string | undefined;
    for (const path of links) {
      const html = await (await page.request.get(app.baseUrl + path)).text();
      if (html.includes('id="older-events"')) {
        customerPath = path;
        break;
      }
    }
    expect(customerPath).toBeDefined();
    await page.goto(app.baseUrl + customerPath!);
    const entries = page.locator('ul.timeline > li:not(.pager)');
    const firstPage = await entries.count();
    expect(firstPage).toBe(10);
    const newest = await entries.first().textContent();
    await markDocument(page);

    await page.click('#older-events a');
    await page.waitForFunction(
      () => document.querySelectorAll('ul.timeline > li:not(.pager)').length > 10,
    );

    expect(await entries.first().textContent()).toBe(newest);
    expect(page.url()).toBe(app.baseUrl + customerPath!);
    expect(await sameDocument(page)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('refreshes the rep’s task list on Today when HQ publishes a task for their city', async () => {
    const { page, problems } = await signedInPage('rep.east1@example.com');
    await page.goto(`${app.baseUrl}/rep/today`);
    const url = page.url();
    await page.waitForFunction(() => document.body.classList.contains('live'));
    await markDocument(page);
    expect(await page.locator('#rep-tasks').textContent()).not.toContain('Rep live task');

    await publishShanghaiTask(app, 'Rep live task');

    await page
      .locator('#rep-tasks .row-title', { hasText: 'Rep live task' })
      .waitFor({ timeout: 10_000 });
    expect(page.url()).toBe(url);
    expect(await sameDocument(page)).toBe(true);
    expect(problems).toEqual([]);
  });
});
