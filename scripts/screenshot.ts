/**
 * `npx tsx scripts/screenshot.ts [baseUrl]`: signs in as demo users in Debian's Chromium and saves
 * the README screenshots to docs/. Without a base URL it starts its own local Fieldwall with the
 * demo company; needs `apt-get install chromium`.
 */
import { launchChromium, LocalApp } from './local-app';
import { localDay } from '../worker/platform/time/zones';

type Shot = {
  email: string;
  path: string;
  file: string;
  width: number;
  height: number;
  locale?: 'en' | 'zh-CN';
};
const shots: Shot[] = [
  {
    email: 'manager.east@example.com',
    path: '/manager/wall',
    file: 'docs/region-wall.png',
    width: 1366,
    height: 900,
  },
  {
    email: 'manager.east@example.com',
    path: '/manager/escalations',
    file: 'docs/escalations.png',
    width: 1366,
    height: 900,
  },
  {
    email: 'manager.east@example.com',
    path: '/inbox',
    file: 'docs/inbox.png',
    width: 1366,
    height: 700,
  },
  {
    email: 'rep.east1@example.com',
    path: '/rep',
    file: 'docs/rep-home-360.png',
    width: 360,
    height: 640,
  },
  {
    email: 'rep.east1@example.com',
    path: '/rep/today',
    file: 'docs/rep-today-360.png',
    width: 360,
    height: 740,
  },
  {
    email: 'rep.east2@example.com',
    path: '/rep/today',
    file: 'docs/rep-today-360-zh.png',
    width: 360,
    height: 740,
    locale: 'zh-CN',
  },
  // The sales book (demo ids are stable: the demo seed is deterministic).
  {
    email: 'rep.east1@example.com',
    path: '/customers/new',
    file: 'docs/customer-new-360.png',
    width: 360,
    height: 1100,
  },
  {
    email: 'rep.east1@example.com',
    path: '/customers/cus_000289',
    file: 'docs/customer-page-360.png',
    width: 360,
    height: 1800,
  },
  {
    email: 'rep.east1@example.com',
    path: '/deals/deal_000265',
    file: 'docs/deal-gate-360.png',
    width: 360,
    height: 900,
  },
  {
    email: 'business.east@example.com',
    path: '/contracts/ctr_00039',
    file: 'docs/contract.png',
    width: 1366,
    height: 900,
  },
  {
    email: 'admin@example.com',
    path: '/admin/stage-gates',
    file: 'docs/stage-gates.png',
    width: 1366,
    height: 700,
  },
  // Scheduled work, points and analytics.
  {
    email: 'manager.east@example.com',
    // Yesterday in Shanghai: the report the seed's rollups cover.
    path: `/reports/reg_east/${localDay(Date.now() - 86_400_000, 'Asia/Shanghai')}`,
    file: 'docs/daily-report.png',
    width: 1366,
    height: 1200,
  },
  {
    email: 'rep.east1@example.com',
    path: '/leaderboard',
    file: 'docs/leaderboard-360.png',
    width: 360,
    height: 1000,
  },
  {
    email: 'director@example.com',
    path: '/director',
    file: 'docs/heatmap-director.png',
    width: 1366,
    height: 700,
  },
  {
    email: 'manager.east@example.com',
    path: '/manager',
    file: 'docs/heatmap-manager-360.png',
    width: 360,
    height: 900,
  },
];

const app = process.argv[2] ? null : await LocalApp.create('demo');
const baseUrl = process.argv[2] ?? app!.baseUrl;
const browser = await launchChromium();
try {
  for (const shot of shots) {
    const page = await browser.newPage({
      viewport: { width: shot.width, height: shot.height },
      deviceScaleFactor: 1,
    });
    await page.goto(`${baseUrl}/login`);
    await page.fill('#email', shot.email);
    await page.fill('#password', 'fieldwall-demo');
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/login')),
      page.click('main button[type=submit]'),
    ]);
    // The language is saved on the account: choose it explicitly for every shot.
    await page.selectOption('#locale-select', shot.locale ?? 'en');
    await Promise.all([
      page.waitForNavigation(),
      page.click('form[action="/settings/locale"] button[type=submit]'),
    ]);
    await page.goto(baseUrl + shot.path);
    await page.waitForTimeout(500);
    await page.screenshot({ path: shot.file });
    console.log(`saved ${shot.file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await app?.dispose();
}
