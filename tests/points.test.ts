import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPointAwards } from '../worker/points/award';
import { localDay } from '../worker/platform/time/zones';
import { seedTinyCompany } from './helpers/seed';
import { signInAs, type Browser } from './helpers/http';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.now();
const ZONE = 'Asia/Shanghai';
/** Yesterday 10:00 in Shanghai: inside the review window and this month or last. */
const MORNING = Date.parse(`${localDay(NOW - DAY, ZONE)}T10:00:00+08:00`);
const monthStart = Date.parse(`${localDay(NOW, ZONE).slice(0, 8)}01T00:00:00+08:00`);

/** Copies one row of `table` with some columns changed: a fixture that stays valid as columns are added. */
async function copyRow(table: string, fromId: string, changes: Record<string, unknown>) {
  const columns = (
    await env.DB.prepare(`SELECT name FROM pragma_table_info('${table}')`).all<{ name: string }>()
  ).results.map((c) => c.name);
  const values = columns.map((name) => (name in changes ? '?' : name));
  await env.DB.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM ${table} WHERE id = ?`,
  )
    .bind(...columns.filter((name) => name in changes).map((name) => changes[name]), fromId)
    .run();
}

const award = () =>
  runPointAwards(env, { regionId: 'reg_east', day: localDay(NOW, ZONE), at: NOW });

async function awardsOf(userId: string) {
  const { results } = await env.DB.prepare(
    'SELECT rule, subject_id, points FROM point_awards WHERE user_id = ? ORDER BY rule, subject_id',
  )
    .bind(userId)
    .all<{ rule: string; subject_id: string; points: number }>();
  return results.map((row) => `${row.rule} ${row.subject_id} ${row.points}`);
}

let rep: Browser;
let customerId = '';

beforeAll(async () => {
  const data = await seedTinyCompany();
  const template = data.users.find((user) => user.id === 'usr_rep_east1')!;
  const seededCustomer = data.customers.find((c) => c.ownerId === template.id)!;
  // A new rep in East with no history: every point they hold comes from the records below.
  await copyRow('users', template.id, {
    id: 'usr_points',
    name: 'Pat Points',
    email: 'pat.points@example.com',
  });
  customerId = 'cus_points';
  await copyRow('customers', seededCustomer.id, {
    id: customerId,
    name: 'Points Trading Co',
    owner_id: 'usr_points',
    archived_at: null,
  });
  const seededVisitId = (await env.DB.prepare('SELECT id FROM visits WHERE rep_id = ? LIMIT 1')
    .bind(template.id)
    .first<{ id: string }>())!.id;
  const visit = (id: string, at: number, changes: Record<string, unknown> = {}) =>
    copyRow('visits', seededVisitId, {
      id,
      rep_id: 'usr_points',
      customer_id: customerId,
      visited_at: at,
      check_in_status: 'verified',
      aci_next_follow_up: 1,
      aci_evidence: 1,
      aci_stage: 1,
      ...changes,
    });
  await visit('vis_p_first', MORNING);
  await visit('vis_p_again', MORNING + 2 * HOUR); // the same customer the same day: nothing
  await visit('vis_p_partial', MORNING - DAY, { aci_evidence: 0 }); // verified, ACI incomplete
  await visit('vis_p_far', MORNING - 2 * DAY, { check_in_status: 'out_of_range' }); // nothing
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO leads (id, region_id, city_id, assignee_id, channel, name, priority, status,
         first_touch_deadline, first_touch_at, created_at, updated_at)
       VALUES (?, 'reg_east', ?, 'usr_points', 'form', ?, 'normal', 'contacted', ?, ?, ?, ?)`,
    ).bind(
      'lead_p_fast',
      template.cityId,
      'Fast Lead',
      MORNING + DAY,
      MORNING,
      MORNING - HOUR,
      MORNING,
    ),
    env.DB.prepare(
      `INSERT INTO leads (id, region_id, city_id, assignee_id, channel, name, priority, status,
         first_touch_deadline, first_touch_at, created_at, updated_at)
       VALUES (?, 'reg_east', ?, 'usr_points', 'form', ?, 'normal', 'contacted', ?, ?, ?, ?)`,
    ).bind(
      'lead_p_late',
      template.cityId,
      'Late Lead',
      MORNING - HOUR,
      MORNING,
      MORNING - DAY,
      MORNING,
    ),
    env.DB.prepare(
      `INSERT INTO tasks (id, region_id, city_id, title, due_at, status, claimed_by, claimed_at,
         completed_at, evidence_note, created_at)
       VALUES (?, 'reg_east', ?, ?, ?, 'done', 'usr_points', ?, ?, ?, ?)`,
    ).bind(
      'task_p_ontime',
      template.cityId,
      'Shelf check',
      MORNING + HOUR,
      MORNING - DAY,
      MORNING,
      'Shelves full',
      MORNING - DAY,
    ),
    env.DB.prepare(
      `INSERT INTO tasks (id, region_id, city_id, title, due_at, status, claimed_by, claimed_at,
         completed_at, evidence_note, created_at)
       VALUES (?, 'reg_east', ?, ?, ?, 'done', 'usr_points', ?, ?, NULL, ?)`,
    ).bind(
      'task_p_noproof',
      template.cityId,
      'Poster',
      MORNING + HOUR,
      MORNING - DAY,
      MORNING,
      MORNING - DAY,
    ),
    env.DB.prepare(
      `INSERT INTO tasks (id, region_id, city_id, title, due_at, status, claimed_by, claimed_at,
         completed_at, evidence_note, created_at)
       VALUES (?, 'reg_east', ?, ?, ?, 'done', 'usr_points', ?, ?, ?, ?)`,
    ).bind(
      'task_p_late',
      template.cityId,
      'Late one',
      MORNING - HOUR,
      MORNING - DAY,
      MORNING,
      'Done',
      MORNING - DAY,
    ),
  ]);
  const contract = await env.DB.prepare('SELECT id FROM contracts LIMIT 1').first<{ id: string }>();
  await copyRow('contracts', contract!.id, {
    id: 'ctr_p_renewed',
    number: 'P-RENEWED-1',
    customer_id: customerId,
    owner_id: 'usr_points',
    region_id: 'reg_east',
    status: 'renewed',
    archived_at: null,
    updated_at: MORNING,
  });
  rep = await signInAs('pat.points@example.com');
});

describe('points', () => {
  it('are earned once per record, by the rules, and a second run changes nothing', async () => {
    const first = await award();
    expect(first.errors).toBe(0);
    const expected = [
      'contract.renewed ctr_p_renewed 5',
      'lead.first_touch_on_time lead_p_fast 3',
      'task.done_on_time task_p_ontime 2',
      'visit.aci_complete vis_p_first 1',
      'visit.verified vis_p_first 2',
      'visit.verified vis_p_partial 2',
    ];
    expect(await awardsOf('usr_points')).toEqual(expected);
    const again = await award();
    expect(again.rowsTouched).toBe(first.rowsTouched);
    expect(await awardsOf('usr_points')).toEqual(expected);
  });

  it('are taken back when the record is reversed within the window', async () => {
    await env.DB.prepare('UPDATE customers SET archived_at = ? WHERE id = ?')
      .bind(NOW, customerId)
      .run();
    await award();
    expect(await awardsOf('usr_points')).toEqual([
      'lead.first_touch_on_time lead_p_fast 3',
      'task.done_on_time task_p_ontime 2',
    ]);
    await env.DB.prepare('UPDATE customers SET archived_at = NULL WHERE id = ?')
      .bind(customerId)
      .run();
    await award();
    expect(await awardsOf('usr_points')).toHaveLength(6);
  });
});

/** The rows of a standings table: "rank name points". */
function standings(html: string, caption: string): string[] {
  const start = html.indexOf(`<caption>${caption}`);
  if (start < 0) return [];
  const table = html.slice(start, html.indexOf('</table>', start));
  return [...table.matchAll(/<tr[^>]*>([^]*?)<\/tr>/g)]
    .slice(1)
    .map((m) =>
      [...m[1]!.matchAll(/<td[^>]*>([^]*?)<\/td>/g)]
        .map((cell) => cell[1]!.replace(/<[^>]+>/g, '').trim())
        .join(' | '),
    );
}

describe('the leaderboard', () => {
  it('ranks the region’s reps by the points each earned, as SQL adds them up', async () => {
    const html = await (await rep.get('/leaderboard?period=month')).text();
    const { results } = await env.DB.prepare(
      `SELECT u.name, coalesce(sum(p.points), 0) AS points FROM users u
       LEFT JOIN point_awards p ON p.user_id = u.id AND p.earned_at >= ?
       WHERE u.region_id = 'reg_east' AND u.role = 'rep' AND u.active = 1
       GROUP BY u.id ORDER BY points DESC, u.name`,
    )
      .bind(monthStart)
      .all<{ name: string; points: number }>();
    const rows = standings(html, 'East');
    expect(rows.map((row) => row.split(' | ').slice(1, 2)[0]!.replace(' · you', ''))).toEqual(
      results.map((r) => r.name),
    );
    expect(rows.map((row) => Number(row.split(' | ')[3]))).toEqual(results.map((r) => r.points));
    expect(rows.find((row) => row.includes('Pat Points'))).toContain('· you');
    expect(html).toContain('Digital pioneers of the month');
  });

  it('shows a rep their own region only, and nobody outside the field team', async () => {
    expect((await rep.get('/leaderboard?region=reg_west')).status).toBe(404);
    const html = await (await rep.get('/leaderboard')).text();
    expect(html).not.toContain('West');
    for (const email of ['admin@example.com', 'business.east@example.com'])
      expect((await (await signInAs(email)).get('/leaderboard')).status).toBe(403);
    const director = await signInAs('director@example.com');
    const west = await (await director.get('/leaderboard?region=reg_west')).text();
    expect(standings(west, 'West').length).toBeGreaterThan(0);
    expect(west).not.toContain('Pat Points');
  });

  it('lists a rep’s points, each linked to the record that earned it', async () => {
    const html = await (await rep.get('/leaderboard/me?period=month')).text();
    // This month's awards (on the 1st, yesterday's are last month's).
    const { results } = await env.DB.prepare(
      'SELECT rule, subject_id, points FROM point_awards WHERE user_id = ? AND earned_at >= ?',
    )
      .bind('usr_points', monthStart)
      .all<{ rule: string; subject_id: string; points: number }>();
    const total = results.reduce((sum, row) => sum + row.points, 0);
    expect(html).toContain(`<strong>${total} points</strong>`);
    const href = (rule: string, id: string) =>
      rule.startsWith('visit.')
        ? `/customers/${customerId}`
        : `/${rule.split('.')[0] === 'lead' ? 'leads' : rule.split('.')[0] + 's'}/${id}`;
    for (const row of results)
      expect(html).toContain(`<a href="${href(row.rule, row.subject_id)}">`);
    if (results.some((row) => row.rule === 'contract.renewed'))
      expect(html).toContain('<a href="/contracts/ctr_p_renewed">Contract renewed</a>');
  });

  it('reads in Chinese', async () => {
    const html = await (await rep.get('/leaderboard', { 'accept-language': 'zh-CN' })).text();
    expect(html).toContain('<h1>排行榜</h1>');
  });
});
