import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { regionWall } from '../worker/tasks/wall';
import { call, ORIGIN, signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

const DAY = 86_400_000;
const NOW = Date.now();
let manager: Browser;
const names: Record<string, string> = {};

async function run(sql: string, ...params: unknown[]) {
  await env.DB.prepare(sql)
    .bind(...params)
    .run();
}
async function one<T>(sql: string, ...params: unknown[]) {
  return (await env.DB.prepare(sql)
    .bind(...params)
    .first<T>())!;
}

/** A customer of rep.east1 with an open and a won deal, an open and a converted lead, a contract, an order and a promise on a visit. */
async function bookOf(id: string) {
  const { region_id: region, city_id: city } = await one<{ region_id: string; city_id: string }>(
    "SELECT region_id, city_id FROM users WHERE id = 'usr_rep_east1'",
  );
  await run(
    `INSERT INTO customers (id, name, region_id, city_id, owner_id, grade, industry, lifecycle_stage, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'usr_rep_east1', 'B', 'Retail', 'active', ?, ?)`,
    id,
    `Book ${id}`,
    region,
    city,
    NOW,
    NOW,
  );
  for (const [deal, stage] of [
    [`${id}_open`, 'discover'],
    [`${id}_won`, 'won'],
  ])
    await run(
      `INSERT INTO deals (id, customer_id, owner_id, region_id, city_id, name, stage, amount_cents, stage_entered_at, last_progress_at, created_at)
       VALUES (?, ?, 'usr_rep_east1', ?, ?, ?, ?, 100000, ?, ?, ?)`,
      deal,
      id,
      region,
      city,
      `Deal ${deal}`,
      stage,
      NOW - DAY,
      NOW - DAY,
      NOW - DAY,
    );
  for (const [lead, status] of [
    [`${id}_lead`, 'new'],
    [`${id}_done`, 'converted'],
  ])
    await run(
      `INSERT INTO leads (id, region_id, city_id, customer_id, assignee_id, channel, name, priority, status, assigned_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'usr_rep_east1', 'phone', 'Lead', 'normal', ?, ?, ?, ?)`,
      lead,
      region,
      city,
      id,
      status,
      NOW - 3_600_000,
      NOW - 3_600_000,
      NOW - 3_600_000,
    );
  await run(
    `INSERT INTO contracts (id, number, customer_id, owner_id, region_id, skus, amount_cents, start_at, end_at, payment_terms, status, created_at)
     VALUES (?, ?, ?, 'usr_rep_east1', ?, '[]', 500000, ?, ?, 'net 30', 'active', ?)`,
    `${id}_ctr`,
    `C-${id}`,
    id,
    region,
    NOW - 30 * DAY,
    NOW + 300 * DAY,
    NOW,
  );
  await run(
    `INSERT INTO visits (id, customer_id, rep_id, region_id, city_id, visited_at, check_in_status, summary, commitment_text, commitment_due_at, aci_next_follow_up, aci_evidence, aci_stage, created_at)
     VALUES (?, ?, 'usr_rep_east1', ?, ?, ?, 'verified', 'Promised a quote', 'Send the quote', ?, 1, 1, 1, ?)`,
    `${id}_visit`,
    id,
    region,
    city,
    NOW - DAY,
    NOW + DAY,
    NOW - DAY,
  );
  const wall = regionWall(env, 'reg_east');
  await wall.startTimer({
    kind: 'stale_deal',
    subjectId: `${id}_open`,
    anchorAt: NOW - DAY,
    ownerId: 'usr_rep_east1',
    title: 'Deal',
  });
  await wall.startTimer({
    kind: 'lead_first_touch',
    subjectId: `${id}_lead`,
    anchorAt: NOW - 3_600_000,
    ownerId: 'usr_rep_east1',
    title: 'Lead',
  });
  await wall.startTimer({
    kind: 'commitment',
    subjectId: `${id}_visit`,
    anchorAt: NOW + DAY,
    ownerId: 'usr_rep_east1',
    title: 'Send the quote',
  });
}

/** Posts the reassignment form as a browser does: one `customerIds[]` per ticked box. */
function submitReassign(browser: Browser, customerIds: string[], toUserId: string) {
  const body = new URLSearchParams({ _csrf: browser.csrfToken, toUserId });
  for (const id of customerIds) body.append('customerIds[]', id);
  return call('/customers/reassign', {
    method: 'POST',
    body,
    headers: { cookie: browser.cookie, origin: ORIGIN },
  });
}

function api(browser: Browser, body: unknown) {
  return call('/api/v1/customers/reassign', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: {
      cookie: browser.cookie,
      origin: ORIGIN,
      'x-csrf-token': browser.csrfToken,
      'content-type': 'application/json',
    },
  });
}

const owners = async (id: string) => ({
  customer: (await one<{ o: string }>('SELECT owner_id AS o FROM customers WHERE id = ?', id)).o,
  openDeal: (await one<{ o: string }>('SELECT owner_id AS o FROM deals WHERE id = ?', `${id}_open`))
    .o,
  wonDeal: (await one<{ o: string }>('SELECT owner_id AS o FROM deals WHERE id = ?', `${id}_won`))
    .o,
  openLead: (
    await one<{ o: string }>('SELECT assignee_id AS o FROM leads WHERE id = ?', `${id}_lead`)
  ).o,
  closedLead: (
    await one<{ o: string }>('SELECT assignee_id AS o FROM leads WHERE id = ?', `${id}_done`)
  ).o,
  contract: (
    await one<{ o: string }>('SELECT owner_id AS o FROM contracts WHERE id = ?', `${id}_ctr`)
  ).o,
});

const auditCount = async (id: string) =>
  (
    await one<{ n: number }>(
      "SELECT count(*) AS n FROM audit_log WHERE customer_id = ? AND action = 'customer.reassigned'",
      id,
    )
  ).n;

beforeAll(async () => {
  await seedTinyCompany();
  for (const id of ['usr_rep_east1', 'usr_rep_east2', 'usr_rep_west1'])
    names[id] = (await one<{ name: string }>('SELECT name FROM users WHERE id = ?', id)).name;
  await bookOf('cus_ra1');
  await bookOf('cus_ra2');
  await bookOf('cus_ra3');
  manager = await signInAs('manager.east@example.com');
});

describe('reassigning customers', () => {
  it('moves two customers with their open work and timers to another rep of the region', async () => {
    const page = await (await manager.get('/customers/reassign?from=usr_rep_east1')).text();
    expect(page).toContain('<h1>Reassign customers</h1>');
    expect(page).toContain('value="cus_ra1"');
    const response = await submitReassign(manager, ['cus_ra1', 'cus_ra2'], 'usr_rep_east2');
    expect(response.status).toBe(303);
    const done = await (await manager.get(response.headers.get('location')!)).text();
    expect(done).toContain(
      `2 customers are now with ${names.usr_rep_east2}, with their open deals, leads, contracts, orders and reminders.`,
    );
    for (const id of ['cus_ra1', 'cus_ra2'])
      expect(await owners(id)).toEqual({
        customer: 'usr_rep_east2',
        openDeal: 'usr_rep_east2',
        wonDeal: 'usr_rep_east1',
        openLead: 'usr_rep_east2',
        closedLead: 'usr_rep_east1',
        contract: 'usr_rep_east2',
      });
    expect((await owners('cus_ra3')).customer).toBe('usr_rep_east1');
    const audit = await one<{ actor_id: string; detail: string }>(
      "SELECT actor_id, detail FROM audit_log WHERE customer_id = 'cus_ra1' AND action = 'customer.reassigned'",
    );
    expect(audit.actor_id).toBe('usr_manager_east');
    expect(JSON.parse(audit.detail)).toEqual({
      before: { ownerId: 'usr_rep_east1', owner: names.usr_rep_east1 },
      after: { ownerId: 'usr_rep_east2', owner: names.usr_rep_east2 },
    });
    const timers = await regionWall(env, 'reg_east').pendingTimers();
    const ownerOf = (subjectId: string) => timers.find((t) => t.subjectId === subjectId)?.ownerId;
    expect(ownerOf('cus_ra1_open')).toBe('usr_rep_east2');
    expect(ownerOf('cus_ra1_lead')).toBe('usr_rep_east2');
    expect(ownerOf('cus_ra2_visit')).toBe('usr_rep_east2');
    expect(ownerOf('cus_ra3_open')).toBe('usr_rep_east1');
    // The customer page names the new owner and the timeline says who moved it.
    const customer = await (await manager.get('/customers/cus_ra1')).text();
    expect(customer).toContain(`<dt>Owner</dt><dd>${names.usr_rep_east2}</dd>`);
    expect(customer).toContain(
      `<strong>Customer moved to another rep</strong> · owner: ${names.usr_rep_east1} → ${names.usr_rep_east2}`,
    );
    // The new rep works the lead; the old one no longer sees the customer.
    const rep2 = await signInAs('rep.east2@example.com');
    expect((await rep2.get('/customers/cus_ra1')).status).toBe(200);
    const rep1 = await signInAs('rep.east1@example.com');
    expect((await rep1.get('/customers/cus_ra1')).status).toBe(404);
  });

  it('is safe to submit again: nothing changes, no second audit entry', async () => {
    const again = await submitReassign(manager, ['cus_ra1', 'cus_ra2'], 'usr_rep_east2');
    expect(again.status).toBe(303);
    expect(await auditCount('cus_ra1')).toBe(1);
    expect((await owners('cus_ra2')).openDeal).toBe('usr_rep_east2');
  });

  it('refuses a rep of another region with a clear message and moves nothing', async () => {
    const response = await submitReassign(manager, ['cus_ra3'], 'usr_rep_west1');
    expect(response.status).toBe(422);
    expect(await response.text()).toContain(
      `${names.usr_rep_west1} is not a rep of these customers’ region.`,
    );
    expect((await owners('cus_ra3')).customer).toBe('usr_rep_east1');
    const notRep = await api(manager, { customerIds: ['cus_ra3'], toUserId: 'usr_manager_east' });
    expect(notRep.status).toBe(422);
    expect(((await notRep.json()) as { error: { code: string } }).error.code).toBe(
      'target_not_rep',
    );
    expect(await auditCount('cus_ra3')).toBe(0);
  });

  it('does not let a rep reassign', async () => {
    const rep = await signInAs('rep.east1@example.com');
    expect((await rep.get('/customers/reassign')).status).toBe(403);
    expect((await submitReassign(rep, ['cus_ra3'], 'usr_rep_east2')).status).toBe(403);
    expect((await api(rep, { customerIds: ['cus_ra3'], toUserId: 'usr_rep_east2' })).status).toBe(
      403,
    );
    expect((await owners('cus_ra3')).customer).toBe('usr_rep_east1');
  });

  it('leaves customers outside the manager’s region untouched and reports them', async () => {
    const west = await one<{ id: string; owner_id: string }>(
      "SELECT id, owner_id FROM customers WHERE region_id = 'reg_west' LIMIT 1",
    );
    const response = await api(manager, {
      customerIds: ['cus_ra3', west.id],
      toUserId: 'usr_rep_east2',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      to: { id: 'usr_rep_east2', name: names.usr_rep_east2 },
      moved: ['cus_ra3'],
      alreadyTheirs: [],
      outOfScope: [west.id],
    });
    expect(
      (await one<{ o: string }>('SELECT owner_id AS o FROM customers WHERE id = ?', west.id)).o,
    ).toBe(west.owner_id);
  });

  it('lets the director move a customer back from the customer page', async () => {
    const director = await signInAs('director@example.com');
    const customer = await (await director.get('/customers/cus_ra1')).text();
    expect(customer).toContain('href="/customers/reassign?customer=cus_ra1"');
    const form = await (await director.get('/customers/reassign?customer=cus_ra1')).text();
    expect(form).toMatch(/name="customerIds\[\]" value="cus_ra1" checked/);
    const response = await submitReassign(director, ['cus_ra1'], 'usr_rep_east1');
    expect(response.status).toBe(303);
    expect(await owners('cus_ra1')).toMatchObject({
      customer: 'usr_rep_east1',
      openDeal: 'usr_rep_east1',
    });
    const timers = await regionWall(env, 'reg_east').pendingTimers();
    expect(timers.find((t) => t.subjectId === 'cus_ra1_open')?.ownerId).toBe('usr_rep_east1');
  });

  it('hands a timer to its new owner keeping its due time; an unknown subject changes nothing', async () => {
    const wall = regionWall(env, 'reg_east');
    await wall.startTimer({
      kind: 'stale_deal',
      subjectId: 'deal_rpc',
      anchorAt: NOW,
      ownerId: 'usr_rep_east1',
      title: 'RPC deal',
    });
    const before = (await wall.pendingTimers()).find((t) => t.subjectId === 'deal_rpc')!;
    expect(
      await wall.reassignTimers(
        [
          { kind: 'stale_deal', subjectId: 'deal_rpc' },
          { kind: 'stale_deal', subjectId: 'deal_none' },
        ],
        'usr_rep_east2',
      ),
    ).toBe(1);
    const after = (await wall.pendingTimers()).find((t) => t.subjectId === 'deal_rpc')!;
    expect(after).toEqual({ ...before, ownerId: 'usr_rep_east2' });
    // Starting it again with the same anchor (a retry) keeps the new owner.
    await wall.startTimer({
      kind: 'stale_deal',
      subjectId: 'deal_rpc',
      anchorAt: NOW,
      ownerId: 'usr_rep_east1',
      title: 'RPC deal',
    });
    expect((await wall.pendingTimers()).find((t) => t.subjectId === 'deal_rpc')!.ownerId).toBe(
      'usr_rep_east2',
    );
  });
});
