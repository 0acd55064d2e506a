import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runFollowUpSequence } from '../worker/follow-up/sequence';
import { feedbackToken, feedbackTokenHash } from '../worker/follow-up/feedback-token';
import { daysBefore } from '../worker/follow-up/rules';
import { deliverNotification } from '../queues/deliver-notification';
import { verifyStandardWebhook } from '../worker/webhooks/signatures';
import { localDay, localDayRange } from '../worker/platform/time/zones';
import { call, ORIGIN, postForm, signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.now();
const ZONE = 'Asia/Shanghai'; // the East region's
const TODAY = localDay(NOW, ZONE);
const GATEWAY_SECRET = 'whsec_ZmllbGR3YWxsLWdhdGV3YXktdGVzdA==';
const SECRET = 'test-feedback-link-secret'; // vitest.config.ts

let rep: Browser;
let manager: Browser;
let east: { cityId: string };

/** An instant on the region-local day `daysAgo` days before today, `hour` hours after its midnight. */
const onDay = (daysAgo: number, hour: number) =>
  localDayRange(daysBefore(TODAY, daysAgo), ZONE).start + hour * HOUR;

async function run(sql: string, ...params: unknown[]) {
  await env.DB.prepare(sql)
    .bind(...params)
    .run();
}

/** A customer of rep.east1 whose first visit was `daysAgo` local days ago. */
async function customerVisited(
  id: string,
  name: string,
  daysAgo: number,
  hour = 10,
  region = { regionId: 'reg_east', cityId: '', ownerId: 'usr_rep_east1' },
) {
  const cityId = region.cityId || east.cityId;
  const firstVisitAt = onDay(daysAgo, hour);
  await run(
    `INSERT INTO customers (id, name, region_id, city_id, owner_id, grade, industry, lifecycle_stage, phone, first_visit_at, last_touch_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'B', 'Retail', 'onboarding', '+86 138 0000 0000', ?, ?, ?, ?)`,
    id,
    name,
    region.regionId,
    cityId,
    region.ownerId,
    firstVisitAt,
    firstVisitAt,
    firstVisitAt - DAY,
    firstVisitAt,
  );
  await visit(`vis_${id}`, id, firstVisitAt, region);
  return firstVisitAt;
}

async function visit(
  id: string,
  customerId: string,
  at: number,
  region = { regionId: 'reg_east', cityId: '', ownerId: 'usr_rep_east1' },
) {
  await run(
    `INSERT INTO visits (id, customer_id, rep_id, region_id, city_id, visited_at, check_in_status, summary, aci_next_follow_up, aci_evidence, aci_stage, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'verified', 'Walked the store', 1, 1, 1, ?)`,
    id,
    customerId,
    region.ownerId,
    region.regionId,
    region.cityId || east.cityId,
    at,
    at,
  );
}

const runEast = (at = NOW) =>
  runFollowUpSequence(env, { regionId: 'reg_east', day: localDay(at, ZONE), at });

const requestsOf = async (customerId: string) =>
  (
    await env.DB.prepare('SELECT * FROM feedback_requests WHERE customer_id = ?')
      .bind(customerId)
      .all<{ id: string; expires_at: number; locale: string; step: string; phone: string }>()
  ).results;

/** The link the customer got: rebuilt from the stored request like the rep's page does. */
async function linkOf(customerId: string): Promise<string> {
  const [request] = await requestsOf(customerId);
  return `/feedback/${await feedbackToken(SECRET, request!.id, request!.expires_at)}`;
}

/** Visible text, tags stripped. */
const text = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/\s+/g, ' ');
const heading = (html: string) => text(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '').trim();

const answer = (link: string, fields: Record<string, string>, address = '203.0.113.9') =>
  postForm(link, fields, { 'cf-connecting-ip': address });

beforeAll(async () => {
  await seedTinyCompany();
  east = (await env.DB.prepare(
    "SELECT city_id AS cityId FROM users WHERE id = 'usr_rep_east1'",
  ).first<{
    cityId: string;
  }>())!;
  rep = await signInAs('rep.east1@example.com');
  manager = await signInAs('manager.east@example.com');
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('day 3: the feedback link', () => {
  it('is made once per customer and offered to the rep, even without a gateway', async () => {
    // Yesterday's run, for a first visit four days ago, before any gateway is configured.
    await customerVisited('cus_fu_nogw', 'Quiet Lane Store', 4);
    await runEast(NOW - DAY);
    await runEast(NOW - DAY);
    expect(await requestsOf('cus_fu_nogw')).toHaveLength(1);
    const sent = await env.DB.prepare(
      "SELECT count(*) AS n FROM notifications WHERE kind = 'feedback.request' AND subject_id = ?",
    )
      .bind((await requestsOf('cus_fu_nogw'))[0]!.id)
      .first<{ n: number }>();
    expect(sent!.n).toBe(0);

    const page = await (await rep.get('/customers/cus_fu_nogw')).text();
    expect(heading(page)).toContain('Quiet Lane Store');
    expect(text(page)).toContain('Feedback link due');
    const field = /id="feedback-link-url"[^>]*value="([^"]+)"/.exec(page)?.[1];
    expect(field).toBe(ORIGIN + (await linkOf('cus_fu_nogw')));
    expect(page).toContain(`data-share-url="${field}"`);
    // Without JS, a text message opens with the link in it.
    expect(page).toContain(`href="sms:+8613800000000?body=`);
    expect(page).toContain(encodeURIComponent(field!));

    // The in-app reminder, once.
    const reminders = await env.DB.prepare(
      "SELECT count(*) AS n FROM notifications WHERE recipient_id = 'usr_rep_east1' AND channel = 'inbox' AND kind = 'feedback.due' AND subject_id = 'cus_fu_nogw'",
    ).first<{ n: number }>();
    expect(reminders!.n).toBe(1);
    const inbox = text(await (await rep.get('/inbox')).text());
    expect(inbox).toContain('Ask Quiet Lane Store how the first visit went');
  });

  it('goes through the configured gateway as a signed webhook, in the contact’s language', async () => {
    const admin = await signInAs('admin@example.com');
    expect(
      (
        await admin.post('/admin/customer-gateway', {
          url: 'https://sms.gateway.test/send',
          secret: GATEWAY_SECRET,
          active: 'on',
        })
      ).status,
    ).toBe(303);
    const settings = await (await admin.get('/admin/customer-gateway')).text();
    expect(settings).toContain('https://sms.gateway.test/send');
    expect(settings).not.toContain(GATEWAY_SECRET);

    // First visit just after local midnight three days ago: still the previous UTC day.
    await customerVisited('cus_fu_zh', 'Lotus Tea House', 3, 0.5);
    await run(
      `INSERT INTO contacts (id, customer_id, name, phone, is_primary) VALUES ('con_fu_zh', 'cus_fu_zh', '王芳', '+86 139 1111 2222', 1)`,
    );
    // The rep notes that she reads Chinese.
    const form = await (await rep.get('/customers/cus_fu_zh/contacts/con_fu_zh/edit')).text();
    expect(form).toContain('Language for messages (feedback links)');
    const saved = await rep.post('/customers/cus_fu_zh/contacts/con_fu_zh', {
      name: '王芳',
      phone: '+86 139 1111 2222',
      isPrimary: 'on',
      locale: 'zh-CN',
    });
    expect(saved.status).toBe(303);
    await runEast();
    await runEast();
    const [request] = await requestsOf('cus_fu_zh');
    expect(request).toMatchObject({ locale: 'zh-CN', phone: '+86 139 1111 2222' });
    const { results } = await env.DB.prepare(
      "SELECT id FROM notifications WHERE kind = 'feedback.request' AND subject_id = ?",
    )
      .bind(request!.id)
      .all<{ id: string }>();
    expect(results).toHaveLength(1);

    const calls: { url: string; init: RequestInit }[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      calls.push({ url: String(input), init: init ?? {} });
      return new Response('ok');
    });
    expect(await deliverNotification(env, results[0]!.id)).toBe('sent');
    expect(await deliverNotification(env, results[0]!.id)).toBe('already_sent');
    expect(calls).toHaveLength(1);
    const headers = calls[0]!.init.headers as Record<string, string>;
    const body = String(calls[0]!.init.body);
    expect(calls[0]!.url).toBe('https://sms.gateway.test/send');
    expect(
      await verifyStandardWebhook({
        secret: GATEWAY_SECRET,
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signature: headers['webhook-signature'],
        body,
        now: Date.now(),
      }),
    ).toEqual({ ok: true });
    const link = ORIGIN + (await linkOf('cus_fu_zh'));
    expect(JSON.parse(body)).toMatchObject({
      type: 'feedback.request',
      title: '我们的拜访您满意吗？',
      data: { to: '+86 139 1111 2222', locale: 'zh-CN', link },
    });
    expect(JSON.parse(body).body).toContain(link);
    // The admin sees it among the deliveries; the staff routes page does not list the gateway.
    const deliveries = await admin.get('/admin/deliveries');
    expect(deliveries.status).toBe(200);
    expect(text(await deliveries.text())).toContain('Customers’ gateway');
    expect(await (await admin.get('/admin/routes')).text()).not.toContain('sms.gateway.test');

    // The page speaks the contact's language, whatever the browser asks for.
    const page = await call(await linkOf('cus_fu_zh'), {
      headers: { 'accept-language': 'en', 'cf-connecting-ip': '203.0.113.1' },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN"');
    expect(heading(html)).toBe('我们的拜访您满意吗？');
    expect(text(html)).toContain('您希望我们给您回电吗？');
  });
});

describe('region-local days', () => {
  it('counts the days in the customer’s own region’s time zone', async () => {
    const zone = 'Asia/Urumqi'; // the West region's, two hours behind Shanghai
    const west = (await env.DB.prepare(
      "SELECT city_id AS cityId FROM users WHERE id = 'usr_rep_west1'",
    ).first<{ cityId: string }>())!;
    const place = { regionId: 'reg_west', cityId: west.cityId, ownerId: 'usr_rep_west1' };
    const today = localDay(NOW, zone);
    const dayStart = (daysAgo: number) => localDayRange(daysBefore(today, daysAgo), zone).start;
    // 23:30 in Urumqi four days ago is already the next day in Shanghai: still day 4 here.
    for (const [id, at] of [
      ['cus_fu_west3', dayStart(3) + 30 * 60_000],
      ['cus_fu_west4', dayStart(3) - 30 * 60_000],
    ] as const) {
      await run(
        `INSERT INTO customers (id, name, region_id, city_id, owner_id, grade, industry, lifecycle_stage, phone, first_visit_at, created_at, updated_at)
         VALUES (?, ?, 'reg_west', ?, 'usr_rep_west1', 'C', 'Retail', 'onboarding', '+86 991 000 0000', ?, ?, ?)`,
        id,
        id,
        west.cityId,
        at,
        at,
        at,
      );
      await visit(`vis_${id}`, id, at, place);
    }
    await runFollowUpSequence(env, { regionId: 'reg_west', day: today, at: NOW });
    expect(await requestsOf('cus_fu_west3')).toHaveLength(1);
    expect(await requestsOf('cus_fu_west4')).toHaveLength(0);
  });
});

describe('the feedback page', () => {
  it('takes the answers once, puts them on the timeline, tells the owner and stops the sequence', async () => {
    await customerVisited('cus_fu_answer', 'Harbour Bakery', 3);
    await runEast();
    const link = await linkOf('cus_fu_answer');
    const form = await call(link, { headers: { 'cf-connecting-ip': '203.0.113.2' } });
    expect(heading(await form.text())).toBe('How was our visit?');

    const sent = await answer(link, {
      satisfaction: '4',
      wantsCall: 'yes',
      comment: 'Friendly, but bring the price list next time.',
    });
    expect(sent.status).toBe(303);
    const thanks = await call(link, { headers: { 'cf-connecting-ip': '203.0.113.2' } });
    expect(heading(await thanks.text())).toBe('Thank you');

    const again = await answer(link, { satisfaction: '1', wantsCall: 'no' });
    expect(again.status).toBe(409);
    expect(text(await again.text())).toContain('already been answered, thank you');
    const [stored] = (
      await env.DB.prepare(
        'SELECT satisfaction, wants_call, step FROM feedback_requests WHERE customer_id = ?',
      )
        .bind('cus_fu_answer')
        .all()
    ).results;
    expect(stored).toEqual({ satisfaction: 4, wants_call: 1, step: 'answered' });

    const page = await (await rep.get('/customers/cus_fu_answer')).text();
    const timeline = text(page.slice(page.indexOf('id="timeline"')));
    expect(timeline).toContain('Feedback after the first visit: 4/5');
    expect(timeline).toContain('would like a call');
    expect(timeline).toContain('Friendly, but bring the price list next time.');
    // Answered: the card is gone.
    expect(text(page)).not.toContain('Feedback link due');

    const inbox = text(await (await rep.get('/inbox')).text());
    expect(inbox).toContain('Harbour Bakery answered the feedback: 4/5');

    // Day 7 for this customer: no to-do, feedback stopped the sequence.
    await runEast(NOW + 4 * DAY);
    const todos = await env.DB.prepare(
      "SELECT count(*) AS n FROM escalations WHERE event_id = 'feedback_missing:vis_cus_fu_answer'",
    ).first<{ n: number }>();
    expect(todos!.n).toBe(0);
  });

  it('refuses a bad answer with the form again, an expired link with 410 and a tampered one with 404', async () => {
    await customerVisited('cus_fu_links', 'Maple Office Supply', 3);
    await runEast();
    const link = await linkOf('cus_fu_links');

    const bad = await answer(link, { satisfaction: '9', wantsCall: 'yes' });
    expect(bad.status).toBe(422);
    expect(text(await bad.text())).toContain('Choose a score from 1 to 5');
    const tooLong = await answer(link, {
      satisfaction: '3',
      wantsCall: 'no',
      comment: 'x'.repeat(1001),
    });
    expect(tooLong.status).toBe(422);

    const last = link.at(-1) === 'A' ? 'B' : 'A';
    const tampered = await call(link.slice(0, -1) + last);
    expect(tampered.status).toBe(404);
    expect(
      (await answer(link.slice(0, -1) + last, { satisfaction: '5', wantsCall: 'no' })).status,
    ).toBe(404);

    // A link whose 14 days are over.
    const expiresAt = Math.floor((NOW - HOUR) / 1000) * 1000;
    const token = await feedbackToken(SECRET, 'expiredrequest00000', expiresAt);
    await run(
      `INSERT INTO feedback_requests (id, customer_id, region_id, visit_id, locale, token_hash, created_at, expires_at, step)
       VALUES ('expiredrequest00000', 'cus_fu_links', 'reg_east', 'vis_old_expired', 'en', ?, ?, ?, 'link_sent')`,
      await feedbackTokenHash(token),
      expiresAt - 14 * DAY,
      expiresAt,
    );
    const expired = await call(`/feedback/${token}`);
    expect(expired.status).toBe(410);
    expect(heading(await expired.text())).toBe('This link has expired');
    const late = await answer(`/feedback/${token}`, { satisfaction: '5', wantsCall: 'no' });
    expect(late.status).toBe(410);
  });

  it('is rate-limited per link', async () => {
    await customerVisited('cus_fu_throttle', 'Pine Hardware', 3);
    await runEast();
    const link = await linkOf('cus_fu_throttle');
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++)
      statuses.push(
        (await call(link, { headers: { 'cf-connecting-ip': `198.51.100.${i}` } })).status,
      );
    expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('day 7 and day 15', () => {
  it('makes one manager to-do on day 7, and none when a visit on day 5 stopped the sequence', async () => {
    await customerVisited('cus_fu_d7', 'Willow Pharmacy', 7);
    await customerVisited('cus_fu_d7_visited', 'Cedar Florist', 7);
    await visit('vis_fu_day5', 'cus_fu_d7_visited', onDay(2, 11));
    await runEast();
    await runEast();
    const { results } = await env.DB.prepare(
      "SELECT subject_id, owner_id, subject_owner_id, status FROM escalations WHERE kind = 'feedback_missing' AND subject_id IN ('vis_cus_fu_d7', 'vis_cus_fu_d7_visited')",
    ).all();
    expect(results).toEqual([
      {
        subject_id: 'vis_cus_fu_d7',
        owner_id: 'usr_manager_east',
        subject_owner_id: 'usr_rep_east1',
        status: 'open',
      },
    ]);
    const board = text(
      await (await manager.get('/manager/escalations?kind=feedback_missing')).text(),
    );
    expect(board).toContain('Willow Pharmacy');
    expect(board).not.toContain('Cedar Florist');
    const inbox = text(await (await manager.get('/inbox')).text());
    expect(inbox).toContain('No customer feedback');
    expect(inbox).toContain('Willow Pharmacy');
    const told = await env.DB.prepare(
      "SELECT count(*) AS n FROM notifications WHERE recipient_id = 'usr_manager_east' AND dedupe_key LIKE 'feedback_missing:vis_cus_fu_d7:%'",
    ).first<{ n: number }>();
    expect(told!.n).toBe(1);
  });

  it('moves a customer without any response to the nurture pool on day 15, for its own region’s manager', async () => {
    await customerVisited('cus_fu_d15', 'Birch Garden Centre', 15);
    await customerVisited('cus_fu_d15_visited', 'Elm Stationers', 15);
    await visit('vis_fu_d15_day5', 'cus_fu_d15_visited', onDay(10, 11));
    await runEast();
    const second = await runEast();
    const rows = (
      await env.DB.prepare(
        "SELECT id, dormant, lifecycle_stage FROM customers WHERE id IN ('cus_fu_d15', 'cus_fu_d15_visited') ORDER BY id",
      ).all()
    ).results;
    expect(rows).toEqual([
      { id: 'cus_fu_d15', dormant: 1, lifecycle_stage: 'nurture' },
      { id: 'cus_fu_d15_visited', dormant: 0, lifecycle_stage: 'onboarding' },
    ]);
    expect(second.errors).toBe(0);
    const audits = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'customer.dormant' AND customer_id = 'cus_fu_d15'",
    ).first<{ n: number }>();
    expect(audits!.n).toBe(1);

    const pool = await (await manager.get('/nurture')).text();
    expect(heading(pool)).toBe('Nurture pool');
    const row = text(/<li id="nurture-cus_fu_d15">([\s\S]*?)<\/li>/.exec(pool)?.[1] ?? '');
    expect(row).toContain('Birch Garden Centre');
    expect(row).toContain('dormant for 0 days');
    expect(pool).not.toContain('Elm Stationers');
    const west = await signInAs('manager.west@example.com');
    expect(await (await west.get('/nurture')).text()).not.toContain('Birch Garden Centre');
    expect((await rep.get('/nurture')).status).toBe(403);

    // "Work it": back to a rep, out of the pool; a re-run for the same day does not put it back.
    const worked = await manager.post('/nurture/cus_fu_d15/work', { repId: 'usr_rep_east2' });
    expect(worked.status).toBe(303);
    expect(await (await manager.get('/nurture')).text()).not.toContain('Birch Garden Centre');
    await runEast();
    expect(
      await env.DB.prepare(
        "SELECT owner_id, dormant FROM customers WHERE id = 'cus_fu_d15'",
      ).first(),
    ).toEqual({ owner_id: 'usr_rep_east2', dormant: 0 });
  });
});
