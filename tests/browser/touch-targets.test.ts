import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium, LocalApp } from '../../scripts/local-app';
import { signInPage } from './sign-in-page';

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

/** A 360 px phone signed in as `email`, with or without JavaScript. */
async function phone(email: string, javaScriptEnabled = true): Promise<Page> {
  const page = await (
    await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled })
  ).newPage();
  await signInPage(page, app.baseUrl, email);
  return page;
}

describe.skipIf(!hasChromium())('the header on a 360 px phone', () => {
  it('makes every link, button and the language list at least 44 px tall', async () => {
    for (const [email, path] of [
      ['rep.east1@example.com', '/rep'],
      ['manager.east@example.com', '/customers'],
      ['admin@example.com', '/admin/campaigns'],
    ] as const) {
      const page = await phone(email);
      await page.goto(`${app.baseUrl}${path}`);
      const targets = await page.$$eval(
        'header.bar a, header.bar button, header.bar select',
        (elements) =>
          elements.map((element) => ({
            label: element.textContent?.trim() || element.tagName,
            height: element.getBoundingClientRect().height,
          })),
      );
      expect(targets.length).toBeGreaterThan(3);
      for (const target of targets)
        expect(target.height, `${email} ${target.label}`).toBeGreaterThanOrEqual(44);
      await page.context().close();
    }
  });

  it('switches language with the Apply button when JavaScript is off', async () => {
    const page = await phone('rep.east2@example.com', false);
    await page.goto(`${app.baseUrl}/customers`);
    await page.selectOption('#locale-select', 'zh-CN');
    await Promise.all([
      page.waitForURL('**/customers'),
      page.click('header.bar form[action="/settings/locale"] button[type=submit]'),
    ]);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.context().close();
  });
});
