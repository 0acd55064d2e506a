import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium, LocalApp } from '../../scripts/local-app';
import { signInPage } from './sign-in-page';

/** A rep's 360 px phone signed in to its own local Fieldwall, with the service worker in control. */
export type RepPhone = {
  app: LocalApp;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** The phone's cookies as a header, for reading the API as the same user. */
  cookie(): Promise<string>;
  close(): Promise<void>;
};

export async function openRepPhone(
  email = 'rep.east1@example.com',
  options: BrowserContextOptions = {},
): Promise<RepPhone> {
  const app = await LocalApp.create('tiny');
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, ...options });
  const page = await context.newPage();
  await signInPage(page, app.baseUrl, email);
  // The service worker installs on the first page and controls the next one.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return {
    app,
    browser,
    context,
    page,
    cookie: async () => (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; '),
    close: async () => {
      await browser.close();
      await app.dispose();
    },
  };
}

/** The customers the phone's user can find under exactly this name (through the API). */
export async function customersNamed(phone: RepPhone, name: string) {
  const found = (await (
    await fetch(`${phone.app.baseUrl}/api/v1/customers?q=${encodeURIComponent(name)}`, {
      headers: { cookie: await phone.cookie() },
    })
  ).json()) as { items: { id: string; name: string }[] };
  return found.items.filter((customer) => customer.name === name);
}
