import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium, LocalApp } from '../../scripts/local-app';
import { signIn } from '../../scripts/bench/session';
import { publishShanghaiTask } from './campaigns';
import { signInPage } from './sign-in-page';

let app: LocalApp;
let browser: Browser;
let manager: Page;

beforeAll(async () => {
  if (!hasChromium()) return;
  app = await LocalApp.create('tiny');
  browser = await launchChromium();
  manager = await (await browser.newContext()).newPage();
  await signInPage(manager, app.baseUrl, 'manager.east@example.com');
});

afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

describe.skipIf(!hasChromium())('the live region wall', () => {
  it('moves a task to "claimed" on the manager’s open page when a rep claims it, without a reload', async () => {
    // HQ publishes a fresh task for Shanghai, due in two days.
    await publishShanghaiTask(app, 'Live task');
    await manager.reload();
    await manager.waitForFunction(() => document.body.classList.contains('live'));
    const openCount = async () => Number(await manager.textContent('.column-open .count'));
    const claimedCount = async () => Number(await manager.textContent('.column-claimed .count'));
    const [openBefore, claimedBefore] = [await openCount(), await claimedCount()];
    expect(openBefore).toBeGreaterThan(0);

    // A rep in Shanghai claims an open Shanghai task through the API.
    const cookie = await signIn(app.baseUrl, 'rep.east1@example.com');
    const list = (await (
      await fetch(`${app.baseUrl}/api/v1/tasks?status=open`, { headers: { cookie } })
    ).json()) as { items: { id: string; dueAt: string }[] };
    // Not an overdue one: an overdue task stays in the overdue column when claimed.
    const task = list.items.find((item) => Date.parse(item.dueAt) > Date.now() + 60_000)!;
    const page = await (await fetch(`${app.baseUrl}/rep/today`, { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const claim = await fetch(`${app.baseUrl}/api/v1/tasks/${task.id}/claim`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, origin: app.baseUrl },
    });
    expect(claim.status).toBe(200);

    await manager.waitForFunction(
      (before: number) =>
        Number(document.querySelector('.column-claimed .count')?.textContent) === before + 1,
      claimedBefore,
      { timeout: 10_000 },
    );
    expect(await openCount()).toBe(openBefore - 1);
  });
});
