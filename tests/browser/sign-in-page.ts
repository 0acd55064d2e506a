import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/seed/generate';

/** Signs a browser page in through the sign-in form and waits until it has left `/login`. */
export async function signInPage(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.click('main button[type=submit]'),
  ]);
}
