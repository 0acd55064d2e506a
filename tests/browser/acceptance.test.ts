/**
 * What people see, in a real Chromium against a real local Fieldwall: each role signs in and the
 * page shows the right thing (not only a 200). One app for the whole file; the tests run in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { hasChromium, launchChromium, LocalApp } from '../../scripts/local-app';
import { signIn } from '../../scripts/bench/session';
import { publishShanghaiTask } from './campaigns';
import { en } from '../../worker/platform/i18n/en';
import { zhCN } from '../../worker/platform/i18n/zh-CN';
import { signInPage } from './sign-in-page';

let app: LocalApp;
let browser: Browser;
const HOUR = 3_600_000;

beforeAll(async () => {
  if (!hasChromium()) return;
  app = await LocalApp.create('tiny');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

/** A signed-in browser page: a 360 px phone by default, a laptop with `laptop: true`. */
async function signedIn(
  email: string,
  options: BrowserContextOptions & { laptop?: boolean } = {},
): Promise<Page> {
  const { laptop, ...contextOptions } = options;
  const viewport = laptop ? { width: 1366, height: 900 } : { width: 360, height: 740 };
  const page = await (await browser.newContext({ viewport, ...contextOptions })).newPage();
  await signInPage(page, app.baseUrl, email);
  return page;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An element's visible text with white space folded (the customer heading also holds its health badge). */
const text = async (page: Page, selector: string) =>
  (await page.textContent(selector))?.replace(/\s+/g, ' ').trim() ?? '';

/** Fires the hourly cron as if it were `at` (Miniflare's scheduled endpoint takes the time). */
async function fireHourlyCron(at: number): Promise<void> {
  const response = await fetch(
    `${app.baseUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('0 * * * *')}&time=${at}`,
  );
  expect(response.status).toBe(200);
}

describe.skipIf(!hasChromium())('what each role sees', () => {
  it('a rep opens a customer from the list and the page is about that customer, owned by the rep', async () => {
    const page = await signedIn('rep.east1@example.com');
    const me = (await (await page.request.get(`${app.baseUrl}/api/v1/me`)).json()) as {
      name: string;
    };
    await page.goto(`${app.baseUrl}/customers`);
    const firstRow = page.locator('#customer-rows li a').first();
    const listedName = (await firstRow.locator('.row-title').textContent())!.trim();
    await Promise.all([page.waitForURL(/\/customers\/cus_/), firstRow.click()]);
    expect(await text(page, 'h1')).toMatch(new RegExp(`^${escapeRegExp(listedName)}(\\s|$)`));
    expect(listedName).not.toBe(me.name);
    expect(await text(page, `dt:text-is("${en['customers.owner']}") + dd`)).toBe(me.name);
    await page.click('a[href$="/visits/new"]');
    expect(await text(page, 'h1')).toContain(listedName);
  });

  it('a rep completes a task that needs the position: the phone fills it in and the task is done', async () => {
    await publishShanghaiTask(app, 'Photograph the shelf and check in', ['position']);
    const page = await signedIn('rep.east1@example.com', {
      geolocation: { latitude: 31.2304, longitude: 121.4737 },
      permissions: ['geolocation'],
    });
    await page.goto(`${app.baseUrl}/rep/today`);
    await page.click('a:has-text("Photograph the shelf and check in")');
    await page.click(`button:has-text("${en['task.claim']}")`);
    await page.waitForSelector('fieldset.position[data-state="found"]');
    expect(Number(await page.inputValue('input[name=lat]'))).toBeCloseTo(31.2304, 3);
    expect(await text(page, '.position-status')).toMatch(/^Position found \(±\d+ m\)\.$/);
    await page.click(`button:has-text("${en['task.complete']}")`);
    await page.waitForLoadState();
    expect(await text(page, 'main')).not.toContain(en['task.evidencePosition'] + ':');
    expect(await page.locator('form[action$="/complete"]').count()).toBe(0);
  });

  it('the counts per city under the manager’s wall change live when a rep claims', async () => {
    await publishShanghaiTask(app, 'Count the live counts', []);
    const manager = await signedIn('manager.east@example.com', { laptop: true });
    await manager.goto(`${app.baseUrl}/manager/wall`);
    await manager.waitForFunction(() => document.body.classList.contains('live'));
    const claimedCell = '.wall-counts tr[data-city="city_shanghai"] td[data-column="claimed"]';
    const before = Number(await text(manager, claimedCell));

    const cookie = await signIn(app.baseUrl, 'rep.east1@example.com');
    const tasks = (await (
      await fetch(`${app.baseUrl}/api/v1/tasks?status=open`, { headers: { cookie } })
    ).json()) as { items: { id: string; title: string }[] };
    const task = tasks.items.find((item) => item.title === 'Count the live counts')!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(
      await (await fetch(`${app.baseUrl}/rep/today`, { headers: { cookie } })).text(),
    )![1]!;
    expect(
      (
        await fetch(`${app.baseUrl}/api/v1/tasks/${task.id}/claim`, {
          method: 'POST',
          headers: { cookie, 'x-csrf-token': csrf, origin: app.baseUrl },
        })
      ).status,
    ).toBe(200);

    await manager.waitForFunction(
      ({ selector, count }) =>
        Number(document.querySelector(selector)?.textContent?.trim()) === count,
      { selector: claimedCell, count: before + 1 },
      { timeout: 10_000 },
    );
  });

  it('the manager and the director open last night’s report from their inbox', async () => {
    // East runs on Shanghai time: 18:00 UTC is its 02:00 (build), 00:00 UTC its 08:00 (delivery).
    const midnightUtc = Math.floor(Date.now() / (24 * HOUR)) * 24 * HOUR;
    await fireHourlyCron(midnightUtc - 30 * HOUR);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await fireHourlyCron(midnightUtc - 24 * HOUR);
    for (const email of ['manager.east@example.com', 'director@example.com']) {
      const page = await signedIn(email, { laptop: true });
      const reportLink = page
        .locator('#notifications a[href^="/reports/"]', { hasText: 'East' })
        .first();
      for (let attempt = 0; attempt < 30 && (await reportLink.count()) === 0; attempt++) {
        await page.waitForTimeout(1_000);
        await page.goto(`${app.baseUrl}/inbox`);
      }
      expect(Number(await text(page, '#unread-count .badge'))).toBeGreaterThan(0);
      await Promise.all([page.waitForURL(/\/reports\/.+/), reportLink.click()]);
      expect(await text(page, 'h1')).toContain('East');
      expect(await text(page, 'body')).toContain(en['report.visits']);
    }
  });

  it('the director’s escalation board is paged, and a row leads to the customer it names', async () => {
    // Waking each region's wall opens its escalations (stale deals, untouched leads).
    const director = await signedIn('director@example.com', { laptop: true });
    for (const region of ['reg_east', 'reg_south', 'reg_north', 'reg_west'])
      await director.goto(`${app.baseUrl}/manager/wall?region=${region}`);
    await director.goto(`${app.baseUrl}/manager/escalations`);
    for (
      let attempt = 0;
      attempt < 20 && (await director.locator('#escalations li').count()) === 0;
      attempt++
    ) {
      await director.waitForTimeout(1_000);
      await director.reload();
    }
    const rows = director.locator('#escalations li');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await rows.count()).toBeLessThanOrEqual(50);
    const firstPage = await rows.first().getAttribute('id');
    if (await director.locator('nav.pager a[rel=next]').count()) {
      await director.click('nav.pager a[rel=next]');
      expect(await rows.first().getAttribute('id')).not.toBe(firstPage);
      await director.click('nav.pager a[rel=prev]');
    }
    const link = director.locator('#escalations li a[href^="/customers/"]').first();
    const named = (await link.textContent())!.split(' — ')[0]!.trim();
    await Promise.all([director.waitForURL(/\/customers\/cus_/), link.click()]);
    expect(await text(director, 'h1')).toMatch(new RegExp(`^${escapeRegExp(named)}(\\s|$)`));
  });

  it('a rep who switches to 简体中文 sees no English interface text, including what scripts fill in', async () => {
    const page = await signedIn('rep.east2@example.com');
    await page.selectOption('#locale-select', 'zh-CN');
    await Promise.all([
      page.waitForNavigation(),
      page.click('form[action="/settings/locale"] button[type=submit]'),
    ]);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    // English catalogue phrases that Chinese does not share (placeholders cut away).
    const english = Object.entries(en)
      .filter(([key, value]) => zhCN[key as keyof typeof zhCN] !== value)
      .flatMap(([, value]) => value.split(/\{[^}]*\}+/))
      .map((part) => part.trim())
      .filter((part) => /[A-Za-z]{3,}.*\s.*[A-Za-z]{3,}/.test(part));
    expect(english.length).toBeGreaterThan(100);
    for (const path of ['/rep', '/rep/today', '/customers', '/rep/inbox', '/inbox']) {
      await page.goto(app.baseUrl + path);
      await page.waitForTimeout(300);
      const visible = await page.innerText('body');
      expect(
        english.filter((phrase) => visible.includes(phrase)),
        path,
      ).toEqual([]);
    }
    await page.goto(`${app.baseUrl}/customers`);
    await Promise.all([
      page.waitForURL(/\/customers\/cus_/),
      page.locator('#customer-rows li a').first().click(),
    ]);
    await page.click('a[href$="/visits/new"]');
    await page.waitForTimeout(300);
    const visitForm = await page.innerText('body');
    expect(english.filter((phrase) => visitForm.includes(phrase))).toEqual([]);
  });
});
