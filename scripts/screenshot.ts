/**
 * `npx tsx scripts/screenshot.ts [baseUrl]`: signs in as demo users in Debian's Chromium and saves
 * the README screenshots to docs/. Needs `npm start` running and `apt-get install chromium`.
 */
import { chromium } from 'playwright-core';

const baseUrl = process.argv[2] ?? 'http://localhost:8787';
const shots = [
  { email: 'manager.east@example.com', path: '/manager/wall', file: 'docs/region-wall.png', width: 1000, height: 900 },
  { email: 'manager.east@example.com', path: '/manager/escalations', file: 'docs/escalations.png', width: 1000, height: 700 },
  { email: 'rep.east1@example.com', path: '/rep', file: 'docs/rep-home-360.png', width: 360, height: 640 },
  { email: 'rep.east1@example.com', path: '/rep/today', file: 'docs/rep-today-360.png', width: 360, height: 740 },
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: { width: shot.width, height: shot.height }, deviceScaleFactor: 1 });
    await page.goto(`${baseUrl}/login`);
    await page.fill('#email', shot.email);
    await page.fill('#password', 'fieldwall-demo');
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('main button[type=submit]')]);
    await page.goto(baseUrl + shot.path);
    await page.screenshot({ path: shot.file });
    console.log(`saved ${shot.file}`);
    await page.close();
  }
} finally {
  await browser.close();
}
