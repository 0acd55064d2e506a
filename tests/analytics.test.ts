import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../worker/platform/db/client';
import { heatmapQueries } from '../worker/analytics/heatmap';
import { periodDays } from '../worker/analytics/heatmap-rules';
import { localDay, localDayRange } from '../worker/platform/time/zones';
import { signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

const REGION = 'reg_east';
const ZONE = 'Asia/Shanghai';
const days = periodDays('last-4-weeks', localDay(Date.now(), ZONE));
const start = localDayRange(days.from, ZONE).start;
const end = localDayRange(days.to, ZONE).end;

const all = async <T>(sql: string, ...values: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...values)
      .all<T>()
  ).results;

type Grid = { rows: { name: string; cells: Record<string, string> }[] };

/** The heatmap table as a person reads it: each row's name and the figure of each metric's cell. */
function gridOf(html: string): Grid {
  const rows = [...html.matchAll(/<tr><th scope="row">(.*?)<\/th>(.*?)<\/tr>/gs)].map((row) => ({
    name: row[1]!.replace(/<[^>]+>/g, ''),
    cells: Object.fromEntries(
      [...row[2]!.matchAll(/data-metric="(\w+)"><span class="heat-value">([^<]*)<\/span>/g)].map(
        (cell) => [cell[1]!, cell[2]!],
      ),
    ),
  }));
  return { rows };
}

const shown = (value: number | null) => (value === null ? '—' : String(value));

let manager: Browser;
let director: Browser;
let eastCities: { id: string; name: string; nameZh: string }[];

beforeAll(async () => {
  await seedTinyCompany();
  manager = await signInAs('manager.east@example.com');
  director = await signInAs('director@example.com');
  eastCities = await all(
    'SELECT id, name, name_zh AS nameZh FROM cities WHERE region_id = ? ORDER BY name',
    REGION,
  );
});

describe('the manager heatmap', () => {
  it('shows one row per city of the region, with figures equal to the raw tables', async () => {
    const response = await manager.get('/manager?period=last-4-weeks');
    expect(response.status).toBe(200);
    const html = await response.text();
    const grid = gridOf(html);
    expect(grid.rows.map((row) => row.name)).toEqual(eastCities.map((city) => city.name));
    let nonZero = 0;
    for (const city of eastCities) {
      const [done] = await all<{ n: number }>(
        `SELECT count(*) AS n FROM tasks WHERE region_id = ? AND city_id = ? AND status = 'done'
           AND completed_at >= ? AND completed_at < ?`,
        REGION,
        city.id,
        start,
        end,
      );
      const [visits] = await all<{ n: number; verified: number }>(
        `SELECT count(*) AS n, coalesce(sum(check_in_status = 'verified'), 0) AS verified FROM visits
         WHERE region_id = ? AND city_id = ? AND visited_at >= ? AND visited_at < ?`,
        REGION,
        city.id,
        start,
        end,
      );
      const [moves] = await all<{ n: number }>(
        `SELECT count(*) AS n FROM deal_stage_history h JOIN deals d ON d.id = h.deal_id
         WHERE d.region_id = ? AND d.city_id = ? AND d.archived_at IS NULL AND h.from_stage IS NOT NULL
           AND h.changed_at >= ? AND h.changed_at < ?`,
        REGION,
        city.id,
        start,
        end,
      );
      const responses = await all<{ ms: number }>(
        `SELECT max(0, first_touch_at - created_at) AS ms FROM leads
         WHERE region_id = ? AND city_id = ? AND first_touch_at >= ? AND first_touch_at < ?
         ORDER BY ms`,
        REGION,
        city.id,
        start,
        end,
      );
      const [reps] = await all<{ n: number }>(
        "SELECT count(*) AS n FROM users WHERE city_id = ? AND role = 'rep' AND active = 1",
        city.id,
      );
      const [rolledDays] = await all<{ n: number }>(
        'SELECT count(*) AS n FROM rollup_days WHERE region_id = ? AND day BETWEEN ? AND ?',
        REGION,
        days.from,
        days.to,
      );
      const [ending] = await all<{ n: number }>(
        `SELECT count(*) AS n FROM contracts k JOIN users u ON u.id = k.owner_id
         LEFT JOIN customers c ON c.id = k.customer_id
         WHERE k.region_id = ? AND u.city_id = ? AND k.archived_at IS NULL AND c.archived_at IS NULL
           AND k.end_at >= ? AND k.end_at < ?`,
        REGION,
        city.id,
        Date.now(),
        Date.now() + 30 * 86_400_000,
      );
      const ms = responses.map((one) => one.ms);
      const middle =
        ms.length === 0
          ? null
          : ms.length % 2 === 1
            ? ms[(ms.length - 1) / 2]!
            : (ms[ms.length / 2 - 1]! + ms[ms.length / 2]!) / 2;
      const row = grid.rows.find((one) => one.name === city.name)!;
      expect(row.cells.medianFirstResponseMinutes).toBe(
        shown(middle === null ? null : Math.round(middle / 60_000)),
      );
      expect(row.cells.visitsPerRepWeek).toBe(
        shown(Math.round((10 * visits!.n * 7) / (reps!.n * rolledDays!.n)) / 10),
      );
      expect(row.cells.tasksDone).toBe(shown(done!.n));
      expect(row.cells.contractsEnding).toBe(shown(ending!.n));
      expect(row.cells.stageMoves).toBe(shown(moves!.n));
      expect(row.cells.verifiedPercent).toBe(
        shown(visits!.n === 0 ? null : Math.round((100 * visits!.verified) / visits!.n)),
      );
      nonZero += done!.n + visits!.n + moves!.n;
    }
    expect(nonZero).toBeGreaterThan(0);
    // Colour is never the only signal: the bands are said in words too.
    expect(html).toMatch(/▲ good|● watch|▼ act/);
    expect(html).toContain('Region analytics');
  });

  it('drills into a city: its reps, with an htmx fragment and a plain link', async () => {
    const city = eastCities[0]!;
    const page = await manager.get('/manager?period=last-4-weeks');
    expect(await page.text()).toContain(
      `hx-get="/manager/heatmap?city=${city.id}&amp;period=last-4-weeks"`,
    );
    const fragment = await manager.get(`/manager/heatmap?city=${city.id}&period=last-4-weeks`);
    expect(fragment.status).toBe(200);
    const html = await fragment.text();
    expect(html).not.toContain('<html');
    const reps = await all<{ name: string }>(
      "SELECT name FROM users WHERE city_id = ? AND role = 'rep' AND active = 1 ORDER BY name",
      city.id,
    );
    expect(gridOf(html).rows.map((row) => row.name)).toEqual(reps.map((rep) => rep.name));
    // The breadcrumb leads back to the region.
    expect(html).toMatch(/<a href="\/manager\?period=last-4-weeks">[^<]+<\/a>/);
  });

  it('answers 404 for another region or a city of another region, and 403 to a rep', async () => {
    const [westCity] = await all<{ id: string }>(
      'SELECT id FROM cities WHERE region_id != ? LIMIT 1',
      REGION,
    );
    expect((await manager.get('/manager?region=reg_west')).status).toBe(404);
    expect((await manager.get(`/manager?city=${westCity!.id}`)).status).toBe(404);
    expect((await manager.get(`/manager/heatmap?city=${westCity!.id}`)).status).toBe(404);
    expect((await manager.get('/director')).status).toBe(404);
    const rep = await signInAs('rep.east1@example.com');
    expect((await rep.get('/manager')).status).toBe(403);
    expect((await rep.get('/director')).status).toBe(404);
    // The wall under /manager still answers.
    expect((await manager.get('/manager/wall')).status).toBe(200);
  });

  it('exports the same grid as CSV', async () => {
    const grid = gridOf(await (await manager.get('/manager?period=last-4-weeks')).text());
    const csv = await manager.get('/manager?period=last-4-weeks&format=csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toContain('"Visits per rep per week"');
    const metrics = Object.keys(grid.rows[0]!.cells);
    expect(lines.slice(1)).toEqual(
      grid.rows.map((row) =>
        [row.name, ...metrics.map((metric) => row.cells[metric]!)]
          .map((field) => `"${field}"`)
          .join(','),
      ),
    );
  });

  it('is in Chinese for a Chinese reader', async () => {
    const html = await (await manager.get('/manager', { 'accept-language': 'zh-CN' })).text();
    expect(html).toContain('区域分析');
    expect(gridOf(html).rows.map((row) => row.name)).toEqual(eastCities.map((city) => city.nameZh));
  });

  it('names the month’s digital pioneers and links to the leaderboard', async () => {
    const [rep] = await all<{ id: string; name: string; cityId: string }>(
      "SELECT id, name, city_id AS cityId FROM users WHERE email = 'rep.east1@example.com'",
    );
    await env.DB.prepare(
      `INSERT INTO point_awards (id, user_id, region_id, city_id, rule, subject_type, subject_id, points, earned_at)
       VALUES ('pa_heatmap', ?, ?, ?, 'verified_visit', 'visit', 'vis_heatmap_test', 7, ?)`,
    )
      .bind(rep!.id, REGION, rep!.cityId, Date.now())
      .run();
    const html = await (await manager.get('/manager')).text();
    expect(html).toContain('<h2 id="pioneers-title">This month&#39;s digital pioneers</h2>');
    const pioneers = html.slice(html.indexOf('pioneers-title'));
    expect(pioneers).toMatch(new RegExp(`<li>${rep!.name} — \\d+ points</li>`));
    expect(html).toContain('href="/leaderboard"');
  });
});

describe('the director heatmap', () => {
  it('shows every region, then a region’s cities', async () => {
    const regions = await all<{ name: string }>('SELECT name FROM regions ORDER BY name');
    const top = gridOf(await (await director.get('/director')).text());
    expect(top.rows.map((row) => row.name)).toEqual(regions.map((region) => region.name));
    const east = gridOf(await (await director.get(`/director?region=${REGION}`)).text());
    expect(east.rows.map((row) => row.name)).toEqual(eastCities.map((city) => city.name));
    // A city named under the wrong region is not found, even for the director.
    const [westCity] = await all<{ id: string }>(
      'SELECT id FROM cities WHERE region_id != ? LIMIT 1',
      REGION,
    );
    expect((await director.get(`/director?region=${REGION}&city=${westCity!.id}`)).status).toBe(
      404,
    );
    const reps = gridOf(
      await (await director.get(`/director?region=${REGION}&city=${eastCities[0]!.id}`)).text(),
    );
    expect(reps.rows.length).toBeGreaterThan(0);
  });

  it('adds a region’s figures up from its cities', async () => {
    const period = 'period=last-4-weeks';
    const top = gridOf(await (await director.get(`/director?${period}`)).text());
    const east = gridOf(await (await director.get(`/director?region=${REGION}&${period}`)).text());
    const eastRow = top.rows.find((row) => row.name === 'East')!;
    for (const metric of ['stageMoves', 'tasksDone', 'contractsEnding']) {
      const fromCities = east.rows.reduce((total, row) => total + Number(row.cells[metric]), 0);
      expect({ metric, value: Number(eastRow.cells[metric]) }).toEqual({
        metric,
        value: fromCities,
      });
    }
    expect(Number(eastRow.cells.stageMoves)).toBeGreaterThan(0);
  });
});

describe('the heatmap queries', () => {
  it('read rollups and indexes only: no scan of a busy table', async () => {
    const db = openDatabase(env.DB);
    for (const grouping of [
      { level: 'region' as const, regionIds: ['reg_east', 'reg_west'] },
      { level: 'city' as const, regionIds: [REGION] },
      { level: 'rep' as const, regionIds: [REGION], cityId: eastCities[0]!.id },
    ]) {
      for (const query of heatmapQueries(db, grouping, days, Date.now())) {
        const { sql, params } = query.toSQL();
        const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .bind(...params)
          .all<{ detail: string }>();
        const plan = results.map((row) => row.detail);
        expect(
          plan.filter((step) =>
            /^SCAN (visits|leads|tasks|contracts|daily_rollups|daily_first_responses|users)\b/.test(
              step,
            ),
          ),
        ).toEqual([]);
      }
    }
  });
});
