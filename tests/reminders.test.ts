import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { messageIn } from '../worker/platform/i18n/messages';
import type { NotificationParams } from '../worker/platform/db/schema';
import { runMorningDigest } from '../worker/reminders/morning-digest';
import { runDueSoonNudges } from '../worker/reminders/due-soon-nudges';
import { runSilentCustomerReminders } from '../worker/reminders/silent-customers';
import { runDeliveryRevisits } from '../worker/reminders/delivery-revisits';
import { revisitTaskId } from '../worker/reminders/rules';
import { regionWall } from '../worker/tasks/wall';
import { signInAs } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

async function exec(sql: string, ...binds: unknown[]) {
  await env.DB.prepare(sql)
    .bind(...binds)
    .run();
}

async function rows<T>(sql: string, ...binds: unknown[]): Promise<T[]> {
  return (
    await env.DB.prepare(sql)
      .bind(...binds)
      .all<T>()
  ).results;
}

/** A region of its own (zone, working hours) with a city and two reps who sign in with the demo password. */
async function region(code: string, timeZone: string, workStart: string | null = null) {
  const regionId = `reg_${code}`;
  const cityId = `city_${code}`;
  await exec(
    'INSERT INTO regions (id, code, name, name_zh, time_zone, work_start, work_end) VALUES (?, ?, ?, ?, ?, ?, ?)',
    regionId,
    code.toUpperCase(),
    `Region ${code}`,
    `区域 ${code}`,
    timeZone,
    workStart,
    workStart ? '18:00' : null,
  );
  await exec(
    'INSERT INTO cities (id, region_id, name, name_zh, lat, lng) VALUES (?, ?, ?, ?, 1, 1)',
    cityId,
    regionId,
    `City ${code}`,
    `城市 ${code}`,
  );
  for (const n of [1, 2])
    await exec(
      "INSERT INTO users (id, email, name, role, region_id, city_id, password_hash, locale, created_at) SELECT ?, ?, ?, 'rep', ?, ?, password_hash, ?, 0 FROM users WHERE email = 'rep.east1@example.com'",
      `usr_${code}${n}`,
      `rep.${code}${n}@example.com`,
      `Rep ${code}${n}`,
      regionId,
      cityId,
      n === 1 ? 'en' : 'zh-CN',
    );
  return { regionId, cityId, rep: `usr_${code}1`, quietRep: `usr_${code}2` };
}

async function customer(
  id: string,
  place: { regionId: string; cityId: string },
  ownerId: string,
  fields: { nextFollowUpAt?: number | null; lastTouchAt?: number | null; createdAt?: number } = {},
) {
  await exec(
    "INSERT INTO customers (id, name, region_id, city_id, owner_id, grade, industry, lifecycle_stage, next_follow_up_at, last_touch_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'B', 'retail', 'active', ?, ?, ?, ?)",
    id,
    `Customer ${id}`,
    place.regionId,
    place.cityId,
    ownerId,
    fields.nextFollowUpAt ?? null,
    fields.lastTouchAt ?? null,
    fields.createdAt ?? 0,
    fields.createdAt ?? 0,
  );
}

type Stored = {
  title: string;
  body: string;
  title_key: string | null;
  body_key: string | null;
  message_params: string | null;
  recipient_id: string;
  channel: string;
  dedupe_key: string;
};

function read(row: Stored, locale: 'en' | 'zh-CN' = 'en') {
  return messageIn(locale, {
    title: row.title,
    body: row.body,
    titleKey: row.title_key,
    bodyKey: row.body_key,
    messageParams: row.message_params
      ? (JSON.parse(row.message_params) as NotificationParams)
      : null,
  });
}

const notificationsOf = (recipientId: string, kindLike: string) =>
  rows<Stored>(
    'SELECT * FROM notifications WHERE recipient_id = ? AND kind LIKE ? ORDER BY channel, dedupe_key',
    recipientId,
    kindLike,
  );

beforeAll(async () => {
  await seedTinyCompany();
});

describe('the morning digest', () => {
  it("goes out at a UTC+8 region's 09:00 (01:00 UTC) with that local day's follow-ups, once", async () => {
    const sg = await region('sg', 'Asia/Singapore', '09:00');
    // A personal chat route: the digest also goes out through it; not through the region's group chat.
    await exec(
      "INSERT INTO notification_routes (id, name, user_id, channel, url, created_at) VALUES ('route_sg1', 'my robot', ?, 'slack', 'https://hooks.example.com/x', 0)",
      sg.rep,
    );
    await exec(
      "INSERT INTO notification_routes (id, name, region_id, channel, url, created_at) VALUES ('route_sg_group', 'team group', ?, 'dingtalk', 'https://oapi.example.com/robot', 0)",
      sg.regionId,
    );
    const at = Date.UTC(2026, 11, 1, 1); // 2026-12-01 09:00 in Singapore
    await customer('sg_overdue', sg, sg.rep, { nextFollowUpAt: at - 2 * DAY });
    await customer('sg_tonight', sg, sg.rep, { nextFollowUpAt: Date.UTC(2026, 11, 1, 12) }); // 20:00 local
    await customer('sg_late', sg, sg.rep, { nextFollowUpAt: Date.UTC(2026, 11, 1, 15) }); // 23:00 local
    await customer('sg_fourth', sg, sg.rep, { nextFollowUpAt: Date.UTC(2026, 11, 1, 15, 30) });
    // 00:30 local on the 2nd: the same UTC day, but tomorrow for the rep.
    await customer('sg_tomorrow', sg, sg.rep, { nextFollowUpAt: Date.UTC(2026, 11, 1, 16, 30) });
    await exec(
      "INSERT INTO tasks (id, region_id, city_id, title, title_zh, due_at, status, claimed_by, claimed_at, created_at) VALUES ('task_sg', ?, ?, 'Put up the winter poster', '张贴冬季海报', ?, 'claimed', ?, 0, 0)",
      sg.regionId,
      sg.cityId,
      Date.UTC(2026, 11, 1, 2),
      sg.rep,
    );
    const run = { regionId: sg.regionId, day: '2026-12-01', at };

    const first = await runMorningDigest(env, run);
    const again = await runMorningDigest(env, run);

    const sent = await notificationsOf(sg.rep, 'reminder.digest');
    expect(sent.map((n) => [n.channel, n.dedupe_key])).toEqual([
      ['inbox', `digest:${sg.rep}:2026-12-01`],
      ['slack', `digest:${sg.rep}:2026-12-01:route_sg1`],
    ]);
    expect(first.rowsTouched).toBe(2);
    expect(again.rowsTouched).toBe(0);
    const { title, body } = read(sent[0]!);
    expect(title).toBe('Your day: 5 follow-ups and tasks due');
    const lines = body.split('\n');
    expect(lines[0]).toBe('1 overdue · 4 due today');
    // The earliest three by due time, then the rest counted, then the way to the Today page.
    expect(lines.slice(1, 4).map((line) => line.split(' · ')[0])).toEqual([
      'Follow up with Customer sg_overdue',
      'Task: Put up the winter poster',
      'Follow up with Customer sg_tonight',
    ]);
    expect(lines.slice(4)).toEqual(['…and 2 more', 'Everything is on your Today page.']);
    expect(body).not.toContain('sg_tomorrow');
    // The rep with nothing due hears nothing.
    expect(await notificationsOf(sg.quietRep, 'reminder.digest')).toEqual([]);
  });

  it('reads in the reader language and opens the Today page from the inbox', async () => {
    const [stored] = await notificationsOf('usr_sg1', 'reminder.digest');
    const zh = read(stored!, 'zh-CN');
    expect(zh.title).toBe('今日待办：5 项跟进和任务');
    expect(zh.body).toContain('任务：张贴冬季海报');
    const rep = await signInAs('rep.sg1@example.com');
    const inbox = await (await rep.get('/inbox')).text();
    expect(inbox).toContain('Your day: 5 follow-ups and tasks due');
    expect(inbox).toContain('href="/rep/today"');
  });

  it("uses another region's own zone: Berlin's local day, not Singapore's", async () => {
    const berlin = await region('ber', 'Europe/Berlin', '08:00');
    const at = Date.UTC(2026, 11, 1, 7); // 08:00 in Berlin
    await customer('ber_tonight', berlin, berlin.rep, {
      nextFollowUpAt: Date.UTC(2026, 11, 1, 22, 30),
    });
    await customer('ber_tomorrow', berlin, berlin.rep, {
      nextFollowUpAt: Date.UTC(2026, 11, 1, 23, 30),
    });
    await runMorningDigest(env, { regionId: berlin.regionId, day: '2026-12-01', at });
    const [inbox] = await notificationsOf(berlin.rep, 'reminder.digest');
    const { title, body } = read(inbox!);
    expect(title).toBe('Your day: 1 follow-up or task due');
    expect(body).toContain('Customer ber_tonight');
    expect(body).not.toContain('ber_tomorrow');
    // Singapore's rep got nothing more from Berlin's run.
    expect(await notificationsOf('usr_sg1', 'reminder.digest')).toHaveLength(2);
  });
});

describe('due-soon nudges', () => {
  it('nudge once for a follow-up due in 45 minutes, not for one due in 2 hours, and again when rescheduled', async () => {
    const hk = await region('hkn', 'Asia/Hong_Kong', '09:00');
    const at = Date.UTC(2026, 11, 2, 3); // 11:00 in Hong Kong
    await customer('hk_soon', hk, hk.rep, { nextFollowUpAt: at + 45 * MINUTE });
    await customer('hk_later', hk, hk.rep, { nextFollowUpAt: at + 2 * HOUR });
    const run = { regionId: hk.regionId, day: '2026-12-02', at };

    await runDueSoonNudges(env, run);
    await runDueSoonNudges(env, run);

    const nudges = await notificationsOf(hk.rep, 'reminder.due_soon.%');
    expect(nudges.map((n) => n.dedupe_key)).toEqual([
      `nudge:follow_up:hk_soon:${at + 45 * MINUTE}`,
    ]);
    const { title, body } = read(nudges[0]!);
    expect(title).toBe('Due within the hour');
    expect(body).toBe('Follow up with Customer hk_soon · Dec 2, 2026, 11:45 AM');

    // Moved to 11:50: a new due time, a new nudge.
    await exec(
      'UPDATE customers SET next_follow_up_at = ? WHERE id = ?',
      at + 50 * MINUTE,
      'hk_soon',
    );
    await runDueSoonNudges(env, run);
    expect(await notificationsOf(hk.rep, 'reminder.due_soon.%')).toHaveLength(2);
  });

  it('nudge for claimed tasks and commitments too, but not outside working hours', async () => {
    const tw = await region('tpe', 'Asia/Taipei', '09:00');
    const at = Date.UTC(2026, 11, 2, 4); // 12:00 in Taipei
    await customer('tw_c', tw, tw.rep);
    await exec(
      "INSERT INTO tasks (id, region_id, city_id, title, due_at, status, claimed_by, claimed_at, created_at) VALUES ('task_tw', ?, ?, 'Count the stock', ?, 'claimed', ?, 0, 0)",
      tw.regionId,
      tw.cityId,
      at + 30 * MINUTE,
      tw.rep,
    );
    await exec(
      "INSERT INTO visits (id, customer_id, rep_id, region_id, city_id, visited_at, check_in_status, summary, commitment_text, commitment_due_at, aci_next_follow_up, aci_evidence, aci_stage, created_at) VALUES ('visit_tw', 'tw_c', ?, ?, ?, 0, 'unverified', 'Talked about the trial', 'Send the quote', ?, 0, 0, 0, 0)",
      tw.rep,
      tw.regionId,
      tw.cityId,
      at + 10 * MINUTE,
    );
    await runDueSoonNudges(env, { regionId: tw.regionId, day: '2026-12-02', at });
    const bodies = (await notificationsOf(tw.rep, 'reminder.due_soon.%'))
      .filter((n) => n.channel === 'inbox')
      .map((n) => read(n).body.split(' · ')[0]);
    expect(bodies.sort()).toEqual([
      'Task: Count the stock',
      'Your promise to Customer tw_c: Send the quote',
    ]);

    // 03:00 in Taipei: a follow-up due at 03:30 waits for the morning digest.
    const night = Date.UTC(2026, 11, 2, 19);
    await customer('tw_night', tw, tw.rep, { nextFollowUpAt: night + 30 * MINUTE });
    const outcome = await runDueSoonNudges(env, {
      regionId: tw.regionId,
      day: '2026-12-03',
      at: night,
    });
    expect(outcome.rowsTouched).toBe(0);
    expect(await notificationsOf(tw.rep, 'reminder.due_soon.%')).toHaveLength(2);
  });
});

describe('silent customers', () => {
  it('remind the owner once per silent stretch, not for archived customers, in one message per owner', async () => {
    const sz = await region('szx', 'Asia/Shanghai');
    const at = Date.UTC(2026, 11, 3, 1);
    await customer('sz_quiet', sz, sz.rep, {
      lastTouchAt: at - 31 * DAY,
      createdAt: at - 400 * DAY,
    });
    await customer('sz_recent', sz, sz.rep, {
      lastTouchAt: at - 29 * DAY,
      createdAt: at - 400 * DAY,
    });
    await customer('sz_archived', sz, sz.rep, {
      lastTouchAt: at - 60 * DAY,
      createdAt: at - 400 * DAY,
    });
    await exec('UPDATE customers SET archived_at = ? WHERE id = ?', at - DAY, 'sz_archived');
    // Visited long ago, but wrote in last week: not silent.
    await customer('sz_wrote', sz, sz.rep, {
      lastTouchAt: at - 90 * DAY,
      createdAt: at - 400 * DAY,
    });
    await exec(
      "INSERT INTO customer_messages (id, customer_id, channel, text, received_at, delivery_id) VALUES ('msg_sz', 'sz_wrote', 'wecom', 'hello', ?, 'dlv_sz')",
      at - 7 * DAY,
    );
    // Never visited, ordered 40 days ago: silent since the order.
    await customer('sz_ordered', sz, sz.quietRep, { createdAt: at - 400 * DAY });
    await exec(
      "INSERT INTO orders (id, customer_id, owner_id, region_id, ordered_at, amount_cents, created_at, updated_at) VALUES ('ord_sz', 'sz_ordered', ?, ?, ?, 100, 0, 0)",
      sz.quietRep,
      sz.regionId,
      at - 40 * DAY,
    );
    const run = { regionId: sz.regionId, day: '2026-12-03', at };

    await runSilentCustomerReminders(env, run);
    await runSilentCustomerReminders(env, run);
    // The next day, the same stretch is not reminded of again.
    await runSilentCustomerReminders(env, {
      regionId: sz.regionId,
      day: '2026-12-04',
      at: at + DAY,
    });

    const first = await notificationsOf(sz.rep, 'reminder.silent_customers');
    expect(first).toHaveLength(1);
    expect(read(first[0]!)).toEqual({
      title: '1 customer has had no contact for 30 days',
      body: 'Customer sz_quiet · quiet since Nov 2, 2026',
    });
    const second = await notificationsOf(sz.quietRep, 'reminder.silent_customers');
    expect(second).toHaveLength(1);
    expect(read(second[0]!, 'zh-CN').body).toBe('Customer sz_ordered · 自 2026年10月24日 起无互动');

    // A visit ends the stretch; 30 quiet days later it is a new one, reminded of again.
    await exec('UPDATE customers SET last_touch_at = ? WHERE id = ?', at + 2 * DAY, 'sz_quiet');
    await runSilentCustomerReminders(env, {
      regionId: sz.regionId,
      day: '2027-01-03',
      at: at + 31 * DAY,
    });
    expect(await notificationsOf(sz.rep, 'reminder.silent_customers')).toHaveLength(2);
  });

  it("follow the region's threshold, and leave other regions alone", async () => {
    const cq = await region('ckg', 'Asia/Shanghai');
    await exec('UPDATE regions SET silent_after_days = 10 WHERE id = ?', cq.regionId);
    const at = Date.UTC(2026, 11, 3, 1);
    await customer('cq_quiet', cq, cq.rep, {
      lastTouchAt: at - 12 * DAY,
      createdAt: at - 100 * DAY,
    });
    const before = await rows<{ n: number }>(
      'SELECT count(*) AS n FROM silent_customer_reminders WHERE region_id != ?',
      cq.regionId,
    );
    await runSilentCustomerReminders(env, { regionId: cq.regionId, day: '2026-12-03', at });
    const [sent] = await notificationsOf(cq.rep, 'reminder.silent_customers');
    expect(read(sent!).title).toBe('1 customer has had no contact for 10 days');
    expect(
      await rows<{ n: number }>(
        'SELECT count(*) AS n FROM silent_customer_reminders WHERE region_id != ?',
        cq.regionId,
      ),
    ).toEqual(before);
  });
});

describe('after-delivery revisits', () => {
  const DELIVERED_AT = Date.now() - 25 * DAY;
  const orderId = 'ord_revisit';

  it("land on the owner's Today page a week before they are due, once, with the right due date", async () => {
    const customerId = 'cus_revisited';
    const [{ city_id: cityId }] = (await rows<{ city_id: string }>(
      "SELECT city_id FROM users WHERE id = 'usr_rep_east1'",
    )) as [{ city_id: string }];
    await customer(customerId, { regionId: 'reg_east', cityId }, 'usr_rep_east1');
    await exec(
      "INSERT INTO orders (id, customer_id, owner_id, region_id, ordered_at, amount_cents, status, delivered_at, created_at, updated_at) VALUES (?, ?, 'usr_rep_east1', 'reg_east', ?, 100, 'delivered', ?, 0, 0)",
      orderId,
      customerId,
      DELIVERED_AT - DAY,
      DELIVERED_AT,
    );
    const westTasks = await rows(
      'SELECT id, status FROM tasks WHERE region_id = ? ORDER BY id',
      'reg_west',
    );
    const run = { regionId: 'reg_east', day: '2026-01-01', at: Date.now() };
    // The wall is awake (loaded before the revisit existed): the run must hand it the task.
    const wall = regionWall(env, 'reg_east');
    await wall.listTasks({});

    const first = await runDeliveryRevisits(env, run);
    const again = await runDeliveryRevisits(env, run);

    const made = await rows<{ id: string; due_at: number; status: string; claimed_by: string }>(
      "SELECT id, due_at, status, claimed_by FROM tasks WHERE id LIKE 'revisit:ord_revisit:%'",
    );
    // Only the 30-day revisit is within a week; 60 and 90 come later.
    expect(made).toEqual([
      {
        id: revisitTaskId(orderId, 30),
        due_at: DELIVERED_AT + 30 * DAY,
        status: 'claimed',
        claimed_by: 'usr_rep_east1',
      },
    ]);
    expect([first.rowsTouched, again.rowsTouched]).toEqual([1, 0]);
    // Its overdue clock reminds the owner, then puts it on the manager's board.
    expect(
      (await wall.pendingTimers()).find((timer) => timer.subjectId === revisitTaskId(orderId, 30)),
    ).toMatchObject({
      kind: 'task_overdue',
      ownerId: 'usr_rep_east1',
      dueAt: DELIVERED_AT + 30 * DAY,
    });
    const rep = await signInAs('rep.east1@example.com');
    const today = await (await rep.get('/rep/today')).text();
    expect(today).toContain(
      'Customer-success revisit: Customer cus_revisited (30 days after delivery)',
    );
    expect((today.match(/Customer-success revisit/g) ?? []).length).toBe(1);
    expect(today).toContain('in 5 d');
    // Another region's tasks are untouched.
    expect(
      await rows('SELECT id, status FROM tasks WHERE region_id = ? ORDER BY id', 'reg_west'),
    ).toEqual(westTasks);
  });

  it('come at 60 days in their turn, and leave the wall when the order is archived', async () => {
    const later = { regionId: 'reg_east', day: '2026-02-01', at: DELIVERED_AT + 55 * DAY };
    await runDeliveryRevisits(env, later);
    const ids = (
      await rows<{ id: string }>(
        "SELECT id FROM tasks WHERE id LIKE 'revisit:ord_revisit:%' ORDER BY id",
      )
    ).map((row) => row.id);
    expect(ids).toEqual([revisitTaskId(orderId, 30), revisitTaskId(orderId, 60)]);

    // The owner opens the 30-day revisit from Today and completes it with a note.
    const rep = await signInAs('rep.east1@example.com');
    const page = await (await rep.get(`/tasks/${revisitTaskId(orderId, 30)}`)).text();
    expect(page).toContain(
      '<h1>Customer-success revisit: Customer cus_revisited (30 days after delivery)</h1>',
    );
    const missingNote = await rep.post(`/tasks/${revisitTaskId(orderId, 30)}/complete`, {});
    expect(missingNote.status).toBe(422);
    const done = await rep.post(`/tasks/${revisitTaskId(orderId, 30)}/complete`, {
      note: 'They use the new line every day',
    });
    expect(done.headers.get('location')).toBe('/rep/today?saved=1');

    await exec('UPDATE orders SET archived_at = ? WHERE id = ?', Date.now(), orderId);
    await runDeliveryRevisits(env, later);
    const wall = regionWall(env, 'reg_east');
    // Done stays done; what was still to do is cancelled.
    expect((await wall.getTask(revisitTaskId(orderId, 30)))?.status).toBe('done');
    expect((await wall.getTask(revisitTaskId(orderId, 60)))?.status).toBe('cancelled');
    expect(
      await rows("SELECT id, status FROM tasks WHERE id LIKE 'revisit:ord_revisit:%' ORDER BY id"),
    ).toEqual([
      { id: revisitTaskId(orderId, 30), status: 'done' },
      { id: revisitTaskId(orderId, 60), status: 'cancelled' },
    ]);
    expect(await (await rep.get('/rep/today')).text()).not.toContain('Customer-success revisit');
  });
});
