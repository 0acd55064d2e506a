import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUND_TRIPS_HEADER } from '../worker/platform/db/round-trips';
import { endOfLocalDay } from '../worker/rep/queries';
import { signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

let rep: Browser;

beforeAll(async () => {
  await seedTinyCompany();
  rep = await signInAs('rep.east1@example.com');
});

async function count(sql: string, ...binds: unknown[]) {
  return (await env.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>())!.n;
}

function tileCount(html: string, id: string): number {
  const match = new RegExp(`id="${id}"><span class="tile-count">(\\d+)<`).exec(html);
  if (!match) throw new Error(`no tile ${id}`);
  return Number(match[1]);
}

describe('rep home', () => {
  it('shows three big buttons with the right counts and a sync line', async () => {
    const now = Date.now();
    const dayEnd = endOfLocalDay(now, 'Asia/Shanghai');
    await env.DB.prepare(
      "INSERT INTO notifications (id, recipient_id, channel, kind, title, body, status, due_at, created_at, sent_at) VALUES ('n1', 'usr_rep_east1', 'inbox', 'todo', 'Call back', 'Your manager asks you to call Li Wei', 'sent', 0, ?, ?)",
    )
      .bind(now, now)
      .run();
    const html = await (await rep.get('/rep')).text();
    const followUps = await count(
      'SELECT count(*) AS n FROM customers WHERE owner_id = ? AND dormant = 0 AND next_follow_up_at < ?',
      'usr_rep_east1',
      dayEnd,
    );
    const tasks = await count(
      "SELECT count(*) AS n FROM tasks WHERE claimed_by = ? AND status = 'claimed' AND due_at < ?",
      'usr_rep_east1',
      dayEnd,
    );
    expect(tileCount(html, 'tile-today')).toBe(followUps + tasks);
    expect(tileCount(html, 'tile-contracts')).toBe(
      await count(
        'SELECT count(*) AS n FROM contracts WHERE owner_id = ? AND end_at BETWEEN ? AND ?',
        'usr_rep_east1',
        now - 60_000,
        now + 30 * 86_400_000,
      ),
    );
    const leads = await count(
      "SELECT count(*) AS n FROM leads WHERE assignee_id = ? AND status = 'new' AND first_touch_at IS NULL",
      'usr_rep_east1',
    );
    expect(tileCount(html, 'tile-urgent')).toBe(leads + 1);
    expect(html).toContain('id="sync-status"');
    expect(html).toContain('Everything is saved.');
  });

  it('renders in Chinese for a zh-CN phone', async () => {
    const html = await (await rep.get('/rep', { 'accept-language': 'zh-CN' })).text();
    expect(html).toContain('今日待办');
    expect(html).toContain('即将到期合同');
    expect(html).toContain('紧急消息');
  });

  it('costs one D1 round trip per rep page once the isolate knows the session', async () => {
    const customerId = (await env.DB.prepare(
      "SELECT id FROM customers WHERE owner_id = 'usr_rep_east1' LIMIT 1",
    ).first<{ id: string }>())!.id;
    await rep.get('/rep'); // validates the session into this isolate's cache
    for (const path of [
      '/rep',
      '/rep/today',
      '/rep/contracts',
      '/rep/inbox',
      '/inbox',
      '/customers',
      `/customers/${customerId}`,
      `/customers/${customerId}/visits/new`,
    ]) {
      const response = await rep.get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get(ROUND_TRIPS_HEADER), path).toBe('1');
    }
  });
});

describe('Today', () => {
  it('lists follow-ups and claimed tasks by due time, overdue first, with Log visit and Call', async () => {
    const html = await (await rep.get('/rep/today')).text();
    const main = html.slice(html.indexOf('<main'));
    const rows = main.split(/<li(?=[ >])/).slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(html).toMatch(/href="\/customers\/cus_\d+\/visits\/new"/);
    expect(html).toMatch(/href="tel:1\d+"/);
    const overdueRows = rows.map((row) => row.startsWith(' class="overdue"'));
    // Overdue rows all come before the rest.
    expect(overdueRows).toEqual([...overdueRows].sort((a, b) => Number(b) - Number(a)));
  });
});
