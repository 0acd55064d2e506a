import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { runNightlyRollups, backfillRollups } from '../worker/reports/rollups';
import { ACI_SAMPLE_SIZE, sampleKey, sampleSeed } from '../worker/reports/report-rules';
import { localDay, localDayRange } from '../worker/platform/time/zones';
import { signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

const DAY = 86_400_000;
const MINUTE = 60_000;
const REGION = 'reg_east';
const ZONE = 'Asia/Shanghai';
// Yesterday in East, and the same weekday a week before it.
const day = localDay(Date.now() - DAY, ZONE);
const lastWeek = localDay(Date.parse(`${day}T12:00:00+08:00`) - 7 * DAY, ZONE);
const range = (which: string) => localDayRange(which, ZONE);

const run = (sql: string, ...values: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...values)
    .run();
const one = <T>(sql: string, ...values: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...values)
    .first<T>();
const all = async <T>(sql: string, ...values: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...values)
      .all<T>()
  ).results;

/** `count` copies of East's first visits (alternating its cities) on `which`, with varied musts. */
async function addVisits(which: string, prefix: string, count: number) {
  const columns = (await all<{ name: string }>("SELECT name FROM pragma_table_info('visits')")).map(
    (column) => column.name,
  );
  const picks = columns.map((name) =>
    name === 'id'
      ? `'${prefix}' || n`
      : name === 'visited_at'
        ? '?1 + n * 5 * 60000'
        : name === 'check_in_status'
          ? "CASE WHEN n % 3 = 0 THEN 'verified' ELSE 'unverified' END"
          : name === 'aci_next_follow_up'
            ? 'n % 4 != 1'
            : name === 'aci_evidence'
              ? 'n % 5 != 2'
              : name === 'aci_stage'
                ? '1'
                : `source.${name}`,
  );
  await run(
    `WITH RECURSIVE counter(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counter WHERE n < ?2),
     sources AS (SELECT *, row_number() OVER (ORDER BY city_id, id) AS k FROM visits
                 WHERE region_id = '${REGION}' AND id NOT LIKE 'fx%')
     INSERT INTO visits (${columns.join(', ')})
     SELECT ${picks.join(', ')} FROM counter
     JOIN sources AS source ON source.k = 1 + (n % 2) * (SELECT count(*) - 1 FROM sources)`,
    range(which).start,
    count,
  );
}

async function addFixtures() {
  const { start, end } = range(day);
  await addVisits(day, 'fxv_', 150);
  await addVisits(lastWeek, 'fxw_', 20);
  // Leads: five arrive and are answered that day, one from the day before is answered that day.
  for (let k = 1; k <= 6; k++) {
    const created = k === 6 ? start - 3 * 3_600_000 : start + k * 3_600_000;
    await run(
      `INSERT INTO leads (id, region_id, city_id, assignee_id, channel, name, priority, status,
         assigned_at, first_touch_deadline, first_touch_at, created_at, updated_at)
       VALUES (?, 'reg_east', 'city_shanghai', 'usr_rep_east1', 'form', 'Fixture lead', 'normal',
         'contacted', ?, ?, ?, ?, ?)`,
      `fxl_${k}`,
      created,
      created + DAY,
      created + k * 37 * MINUTE,
      created,
      created,
    );
  }
  // Tasks: three done that day; overdue at its end with reasons (two site closed, one other,
  // one without a reason); a cancelled one and one due later do not count.
  const task = (
    id: string,
    dueAt: number,
    status: string,
    completedAt: number | null,
    lag: string | null,
  ) =>
    run(
      `INSERT INTO tasks (id, region_id, city_id, title, due_at, status, claimed_by, completed_at,
         lag_reason, created_at)
       VALUES (?, 'reg_east', 'city_shanghai', 'Fixture task', ?, ?, 'usr_rep_east1', ?, ?, ?)`,
      id,
      dueAt,
      status,
      completedAt,
      lag,
      start - 5 * DAY,
    );
  for (let k = 1; k <= 3; k++)
    await task(`fxt_done_${k}`, end + DAY, 'done', start + k * MINUTE, null);
  await task('fxt_late_1', start - DAY, 'claimed', null, 'site_closed');
  await task('fxt_late_2', start + MINUTE, 'open', null, 'site_closed');
  await task('fxt_late_3', start - 2 * DAY, 'done', end + 3_600_000, 'other');
  await task('fxt_late_4', start - DAY, 'claimed', null, null);
  await task('fxt_cancelled', start - DAY, 'cancelled', null, 'other');
  await task('fxt_later', end + DAY, 'open', null, null);
  // Stage moves of East deals that day (and a creation, which is no move).
  const eastDeals = await all<{ id: string }>(
    "SELECT id FROM deals WHERE region_id = 'reg_east' AND archived_at IS NULL ORDER BY id LIMIT 3",
  );
  const moves: [string, string | null, string][] = [
    [eastDeals[0]!.id, 'qualify', 'propose'],
    [eastDeals[1]!.id, 'discover', 'propose'],
    [eastDeals[2]!.id, 'negotiate', 'won'],
    [eastDeals[2]!.id, null, 'qualify'],
  ];
  for (const [k, [dealId, from, to]] of moves.entries())
    await run(
      'INSERT INTO deal_stage_history (id, deal_id, from_stage, to_stage, changed_at) VALUES (?, ?, ?, ?, ?)',
      `fxh_${k}`,
      dealId,
      from,
      to,
      start + (k + 1) * 3_600_000,
    );
  // A contract of an East customer ending ten days after the day.
  const customer = (await one<{ id: string; owner_id: string }>(
    "SELECT id, owner_id FROM customers WHERE region_id = 'reg_east' AND archived_at IS NULL ORDER BY id LIMIT 1",
  ))!;
  await run(
    `INSERT INTO contracts (id, number, customer_id, owner_id, region_id, skus, amount_cents, start_at,
       end_at, payment_terms, created_at)
     VALUES ('fxc_1', 'FX-1', ?, ?, 'reg_east', '[]', 100000, ?, ?, 'net 30', ?)`,
    customer.id,
    customer.owner_id,
    start - 300 * DAY,
    end + 10 * DAY,
    start - 300 * DAY,
  );
}

/** The report's figures straight from the busy tables, written independently of the rollups. */
async function expectedFigures(which: string) {
  const { start, end } = range(which);
  const visits = (await one<{ n: number; verified: number }>(
    `SELECT count(*) AS n, coalesce(sum(check_in_status = 'verified'), 0) AS verified FROM visits
     WHERE region_id = 'reg_east' AND visited_at >= ? AND visited_at < ?`,
    start,
    end,
  ))!;
  const newLeads = (await one<{ n: number }>(
    "SELECT count(*) AS n FROM leads WHERE region_id = 'reg_east' AND created_at >= ? AND created_at < ?",
    start,
    end,
  ))!.n;
  const responses = (
    await all<{ ms: number }>(
      `SELECT first_touch_at - created_at AS ms FROM leads WHERE region_id = 'reg_east'
       AND first_touch_at >= ? AND first_touch_at < ? ORDER BY ms`,
      start,
      end,
    )
  ).map((row) => row.ms);
  const middle = (responses.length - 1) / 2;
  const medianMs =
    responses.length === 0
      ? null
      : (responses[Math.floor(middle)]! + responses[Math.ceil(middle)]!) / 2;
  const tasksDone = (await one<{ n: number }>(
    `SELECT count(*) AS n FROM tasks WHERE region_id = 'reg_east' AND status = 'done'
     AND completed_at >= ? AND completed_at < ?`,
    start,
    end,
  ))!.n;
  const overdue = await all<{ reason: string; n: number }>(
    `SELECT coalesce(lag_reason, '') AS reason, count(*) AS n FROM tasks WHERE region_id = 'reg_east'
     AND status != 'cancelled' AND due_at < ?1 AND created_at < ?1
     AND (completed_at IS NULL OR completed_at >= ?1) GROUP BY 1 ORDER BY n DESC, reason`,
    end,
  );
  const stageMoves = await all<{ stage: string; n: number }>(
    `SELECT h.to_stage AS stage, count(*) AS n FROM deal_stage_history h JOIN deals d ON d.id = h.deal_id
     WHERE d.region_id = 'reg_east' AND d.archived_at IS NULL AND h.from_stage IS NOT NULL
     AND h.changed_at >= ? AND h.changed_at < ? GROUP BY 1`,
    start,
    end,
  );
  const contractsExpiring = (await one<{ n: number }>(
    `SELECT count(*) AS n FROM contracts c JOIN customers cu ON cu.id = c.customer_id
     WHERE c.region_id = 'reg_east' AND c.archived_at IS NULL AND cu.archived_at IS NULL
     AND c.end_at >= ? AND c.end_at < ?`,
    end,
    end + 30 * DAY,
  ))!.n;
  // The ACI sample: the day's visits in the seeded order of docs/rules.md#daily-report.
  const seed = sampleSeed(REGION, which);
  const dayVisits = await all<{ id: string; ok: number }>(
    `SELECT id, (aci_next_follow_up AND aci_evidence AND aci_stage) AS ok FROM visits
     WHERE region_id = 'reg_east' AND visited_at >= ? AND visited_at < ?`,
    start,
    end,
  );
  const sample = dayVisits
    .map((visit) => ({ ...visit, key: sampleKey(visit.id, seed) }))
    .sort((a, b) => a.key - b.key || (a.id < b.id ? -1 : 1))
    .slice(0, ACI_SAMPLE_SIZE);
  const consistent = sample.filter((visit) => visit.ok).length;
  const health = await all<{ band: string; n: number }>(
    `SELECT CASE WHEN health_score < 60 THEN 'red' WHEN health_score < 80 THEN 'amber' ELSE 'green' END
       AS band, count(*) AS n FROM customers
     WHERE region_id = 'reg_east' AND archived_at IS NULL AND health_score IS NOT NULL GROUP BY 1`,
  );
  return {
    figures: {
      visits: visits.n,
      verifiedVisits: visits.verified,
      verifiedPercent: visits.n === 0 ? null : Math.round((100 * visits.verified) / visits.n),
      newLeads,
      firstResponses: responses.length,
      medianFirstResponseMinutes: medianMs === null ? null : Math.round(medianMs / MINUTE),
      tasksDone,
      tasksOverdue: overdue.reduce((n, row) => n + row.n, 0),
      dealsMoved: stageMoves.reduce((n, row) => n + row.n, 0),
      aciSample: sample.length,
      aciPercent: sample.length === 0 ? 100 : Math.round((100 * consistent) / sample.length),
      contractsExpiring,
    },
    topLagReasons: overdue.slice(0, 3),
    stageMoves,
    health,
    sampleIds: sample.map((visit) => visit.id),
  };
}

type ApiFigure = { value: number | null; previous: number | null; change: number | null };
type ApiReport = {
  region: { id: string; name: string };
  day: string;
  previousDay: string;
  computedAt: string;
  figures: Record<string, ApiFigure>;
  topLagReasons: (ApiFigure & { reason: string })[];
  stageMoves: (ApiFigure & { stage: string })[];
  health: (ApiFigure & { band: string })[];
};

let manager: Browser;
let report: ApiReport;

beforeAll(async () => {
  await seedTinyCompany();
  await addFixtures();
  // The nightly job for both days, after the day ended (the run's "now" is an hour later).
  for (const which of [lastWeek, day])
    await runNightlyRollups(env, {
      regionId: REGION,
      day: which,
      at: range(which).end + 3_600_000,
    });
  manager = await signInAs('manager.east@example.com');
  const answer = await manager.get(`/api/v1/reports?region=${REGION}&date=${day}`);
  expect(answer.status).toBe(200);
  report = (await answer.json()) as ApiReport;
});

describe('the daily report', () => {
  it('equals direct SQL aggregates on the data, for the day and the same weekday last week', async () => {
    const expected = await expectedFigures(day);
    const before = await expectedFigures(lastWeek);
    expect(expected.figures.visits).toBeGreaterThan(ACI_SAMPLE_SIZE);
    expect(expected.figures.aciSample).toBe(ACI_SAMPLE_SIZE);
    expect(report.day).toBe(day);
    expect(report.previousDay).toBe(lastWeek);
    for (const [name, value] of Object.entries(expected.figures)) {
      const previous = before.figures[name as keyof typeof before.figures];
      expect({ name, ...report.figures[name] }).toEqual({
        name,
        value,
        previous,
        change: value === null || previous === null ? null : value - previous,
      });
    }
    expect(report.topLagReasons.map((row) => [row.reason, row.value])).toEqual(
      expected.topLagReasons.map((row) => [row.reason, row.n]),
    );
    expect(report.topLagReasons.map((row) => row.reason)).toContain('site_closed');
    expect(Object.fromEntries(report.stageMoves.map((row) => [row.stage, row.value]))).toEqual(
      Object.fromEntries(expected.stageMoves.map((row) => [row.stage, row.n])),
    );
    expect(report.stageMoves.find((row) => row.stage === 'propose')?.value).toBe(2);
    expect(Object.fromEntries(report.health.map((row) => [row.band, row.value]))).toEqual({
      green: 0,
      amber: 0,
      red: 0,
      ...Object.fromEntries(expected.health.map((row) => [row.band, row.n])),
    });
    expect(report.computedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
  });

  it('draws the same ACI sample when the day is rolled up again', async () => {
    const before = await expectedFigures(day);
    await runNightlyRollups(env, { regionId: REGION, day, at: range(day).end + 2 * 3_600_000 });
    const again = (await (
      await manager.get(`/api/v1/reports?region=${REGION}&date=${day}`)
    ).json()) as ApiReport;
    expect(again.figures).toEqual(report.figures);
    expect(before.sampleIds).toHaveLength(ACI_SAMPLE_SIZE);
    // Another day's seed draws another order.
    expect(sampleSeed(REGION, day)).not.toBe(sampleSeed(REGION, lastWeek));
  });

  it('shows the region and the figures on a page, and the CSV says the same', async () => {
    const page = await manager.get(`/reports/${REGION}/${day}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(/<h1>([^<]*)<\/h1>/.exec(html)?.[1]).toBe(`East — daily report for ${day}`);
    const cells = (name: string) => {
      const row = new RegExp(`<tr data-figure="${name}">(.*?)</tr>`).exec(html)?.[1] ?? '';
      return [...row.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
    };
    const shown = (n: number | null) => (n === null ? '—' : String(n));
    const signed = (n: number | null) => (n === null ? '—' : n > 0 ? `+${n}` : String(n));
    for (const [name, figure] of Object.entries(report.figures))
      expect({ name, cells: cells(name) }).toEqual({
        name,
        cells: [shown(figure.value), shown(figure.previous), signed(figure.change)],
      });
    expect(html).toContain('Site closed');

    const csv = await (await manager.get(`/reports/${REGION}/${day}.csv`)).text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const visitsLine = lines.find((line) => line.includes('"Visits"'))!;
    expect(visitsLine).toBe(
      `"The day in figures","Visits","${report.figures.visits!.value}","${report.figures.visits!.previous}","${report.figures.visits!.change}"`,
    );
    expect(lines.find((line) => line.includes('"Site closed"'))).toContain(`"Site closed","2"`);
    expect(
      (await manager.get(`/reports/${REGION}/${day}?format=csv`)).headers.get('content-type'),
    ).toBe('text/csv; charset=utf-8');
  });

  it('draws each bar in proportion to the largest of its table, without inline styles', async () => {
    const html = await (await manager.get(`/reports/${REGION}/${day}`)).text();
    // The content security policy refuses style attributes: the bars' geometry is SVG markup.
    expect(html).not.toMatch(/ style="/);
    const table = /<table[^>]*id="visits-by-city"[^]*?<\/table>/.exec(html)?.[0] ?? html;
    const rows = [...table.matchAll(/<tr[^>]*>([^]*?)<\/tr>/g)]
      .map((m) => ({
        visits: Number(/<td class="num">(\d+)<\/td>/.exec(m[1]!)?.[1]),
        width: Number(/<rect width="(\d+)"/.exec(m[1]!)?.[1]),
      }))
      .filter((row) => !Number.isNaN(row.width) && !Number.isNaN(row.visits));
    expect(rows.length).toBeGreaterThan(1);
    const largest = Math.max(...rows.map((row) => row.visits));
    for (const row of rows) expect(row.width).toBe(Math.round((100 * row.visits) / largest));
  });

  it('is in the reader’s language', async () => {
    const html = await (
      await manager.get(`/reports/${REGION}/${day}`, { 'accept-language': 'zh-CN' })
    ).text();
    expect(html).toContain('当日数据');
  });

  it('is not found for another region’s manager, a rep, or an impossible date', async () => {
    const west = await signInAs('manager.west@example.com');
    expect((await west.get(`/reports/${REGION}/${day}`)).status).toBe(404);
    const westApi = await west.get(`/api/v1/reports?region=${REGION}&date=${day}`);
    expect(westApi.status).toBe(404);
    expect(((await westApi.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const rep = await signInAs('rep.east1@example.com');
    expect((await rep.get(`/reports/${REGION}/${day}`)).status).toBe(404);
    expect((await rep.get(`/api/v1/reports?region=${REGION}&date=${day}`)).status).toBe(403);
    expect((await manager.get(`/reports/${REGION}/2026-02-30`)).status).toBe(404);
    const director = await signInAs('director@example.com');
    expect((await director.get(`/reports/${REGION}/${day}`)).status).toBe(200);
  });
});

describe('rollup backfill', () => {
  it('over a range writes exactly what running each day does', async () => {
    const from = localDay(range(lastWeek).start - 2 * DAY, ZONE);
    const at = range(day).end + 3_600_000;
    const snapshot = () =>
      all(
        `SELECT day, metric, city_id, rep_id, dimension, value FROM daily_rollups
         WHERE region_id = 'reg_east' AND day BETWEEN ? AND ? ORDER BY 1, 2, 3, 4, 5`,
        from,
        day,
      );
    const clear = () => run("DELETE FROM daily_rollups WHERE region_id = 'reg_east'");
    await clear();
    await backfillRollups(env, REGION, from, day, at);
    const backfilled = await snapshot();
    await clear();
    for (
      let which = from;
      which <= day;
      which = localDay(range(which).start + 36 * 3_600_000, ZONE)
    )
      await runNightlyRollups(env, { regionId: REGION, day: which, at });
    expect(await snapshot()).toEqual(backfilled);
    expect(backfilled.length).toBeGreaterThan(10);
  });
});

describe('the archive', () => {
  it('pages newest first: a manager sees their region, the director every region', async () => {
    // 40 days of East reports and one West report.
    for (let k = 0; k < 40; k++)
      await run(
        `INSERT INTO reports (id, region_id, kind, period_day, summary, status, created_at)
         VALUES (?, 'reg_east', 'nightly', ?, '{"visits":${k}}', 'ready', 0)`,
        `fxr_${k}`,
        localDay(range(day).start - (k + 30) * DAY, ZONE),
      );
    await run(
      `INSERT INTO reports (id, region_id, kind, period_day, summary, status, created_at)
       VALUES ('fxr_west', 'reg_west', 'nightly', ?, '{}', 'ready', 0)`,
      day,
    );
    const links = (html: string) =>
      [...html.matchAll(/<a class="row-title" href="\/reports\/([^"]+)">/g)].map((m) => m[1]);
    const first = await (await manager.get('/reports')).text();
    expect(links(first)).toHaveLength(30);
    expect(links(first)[0]).toBe(`reg_east/${localDay(range(day).start - 30 * DAY, ZONE)}`);
    expect(links(first).every((link) => link!.startsWith('reg_east/'))).toBe(true);
    expect(first).toContain('href="/reports?page=2" rel="next"');
    const second = await (await manager.get('/reports?page=2')).text();
    expect(links(second)).toHaveLength(10);
    expect(second).toContain('href="/reports" rel="prev"');
    expect(second).not.toContain('rel="next"');
    const director = await signInAs('director@example.com');
    expect(links(await (await director.get('/reports')).text())[0]).toBe(`reg_west/${day}`);
  });
});
