import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { regionWall } from '../worker/tasks/wall';
import { call, ORIGIN, signInAs, submissionKeyIn, type Browser } from './helpers/http';
import { customerOf, seedTinyCompany } from './helpers/seed';

let data: SeedData;
let rep: Browser;

beforeAll(async () => {
  data = await seedTinyCompany();
  rep = await signInAs('rep.east1@example.com');
});

const repUser = () => data.users.find((u) => u.id === 'usr_rep_east1')!;
let leadCounter = 0;

/** A fresh untouched lead assigned to `assigneeId`, its first-touch clock running on the wall. */
async function newLead(assigneeId = 'usr_rep_east1') {
  const assignee = data.users.find((u) => u.id === assigneeId)!;
  const id = `lead_convert_${++leadCounter}`;
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO leads (id, region_id, city_id, assignee_id, channel, name, phone, email, company, priority, status, assigned_at, first_touch_deadline, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'web_form', ?, ?, ?, ?, 'normal', 'new', ?, ?, ?, ?)`,
  )
    .bind(
      id,
      assignee.regionId,
      assignee.cityId,
      assigneeId,
      `Person ${leadCounter}`,
      `1665550${String(1000 + leadCounter)}`,
      `p${leadCounter}@prospect.test`,
      `Prospect Works ${leadCounter}`,
      now,
      now + 86_400_000,
      now,
      now,
    )
    .run();
  await regionWall(env, assignee.regionId!).startTimer({
    kind: 'lead_first_touch',
    subjectId: id,
    anchorAt: now,
    ownerId: assigneeId,
    title: `Person ${leadCounter}`,
  });
  return {
    id,
    name: `Person ${leadCounter}`,
    company: `Prospect Works ${leadCounter}`,
    phone: `1665550${String(1000 + leadCounter)}`,
  };
}

const leadRow = (id: string) =>
  env.DB.prepare('SELECT status, customer_id, closed_at, close_reason FROM leads WHERE id = ?')
    .bind(id)
    .first<{
      status: string;
      customer_id: string | null;
      closed_at: number | null;
      close_reason: string | null;
    }>();
const clockRunning = async (leadId: string) =>
  (await regionWall(env, 'reg_east').pendingTimers()).some(
    (t) => t.kind === 'lead_first_touch' && t.subjectId === leadId,
  );
const heading = (html: string) => /<h1>([^<]*)/.exec(html)?.[1]?.trim();

describe('converting a lead on its page', () => {
  it('into a new customer with the lead’s person as contact and a first deal; the clock stops; a replay creates nothing more', async () => {
    const lead = await newLead();
    const page = await (await rep.get(`/leads/${lead.id}`)).text();
    expect(page).toContain(`action="/leads/${lead.id}/convert"`);
    expect(page).toContain(`value="${lead.company}"`);
    expect(page).toContain(`name="contact.name" type="text" maxlength="120" value="${lead.name}"`);
    const fields = {
      submissionKey: submissionKeyIn(page, `/leads/${lead.id}/convert`),
      name: lead.company,
      phone: lead.phone,
      cityId: repUser().cityId!,
      'contact.name': lead.name,
      'deal.name': 'Pilot order',
      'deal.amount': '12,000.50',
      'deal.currency': 'CNY',
    };
    const response = await rep.post(`/leads/${lead.id}/convert`, fields);
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/customers\/[\w-]+\?saved=converted$/);
    const customerId = location.split('/')[2]!.split('?')[0]!;
    const customerPage = await (await rep.get(location)).text();
    expect(heading(customerPage)).toBe(lead.company);
    expect(customerPage).toContain('Lead converted');
    expect(customerPage).toContain(lead.name);
    expect(customerPage).toMatch(/>Pilot order<\/a> · <strong>Qualify<\/strong>/);

    expect(await leadRow(lead.id)).toMatchObject({
      status: 'converted',
      customer_id: customerId,
      closed_at: expect.any(Number),
    });
    const deal = await env.DB.prepare(
      'SELECT id, amount_cents, stage FROM deals WHERE customer_id = ?',
    )
      .bind(customerId)
      .first<{ id: string; amount_cents: number; stage: string }>();
    expect(deal).toMatchObject({ amount_cents: 1_200_050, stage: 'qualify' });
    const history = await env.DB.prepare(
      'SELECT to_stage FROM deal_stage_history WHERE deal_id = ?',
    )
      .bind(deal!.id)
      .all();
    expect(history.results).toEqual([{ to_stage: 'qualify' }]);
    const audit = await env.DB.prepare(
      "SELECT customer_id FROM audit_log WHERE action = 'lead.converted' AND subject_id = ?",
    )
      .bind(lead.id)
      .first<{ customer_id: string }>();
    expect(audit?.customer_id).toBe(customerId);
    await vi.waitFor(async () => {
      expect(await clockRunning(lead.id)).toBe(false);
      const timers = await regionWall(env, 'reg_east').pendingTimers();
      expect(timers.some((t) => t.kind === 'stale_deal' && t.subjectId === deal!.id)).toBe(true);
    });

    const replay = await rep.post(`/leads/${lead.id}/convert`, fields);
    expect(replay.headers.get('location')).toBe(location);
    const count = await env.DB.prepare('SELECT count(*) AS n FROM customers WHERE name = ?')
      .bind(lead.company)
      .first<{ n: number }>();
    expect(count!.n).toBe(1);
    // Closed: the page no longer offers to convert it.
    expect(await (await rep.get(`/leads/${lead.id}`)).text()).not.toContain(
      `/leads/${lead.id}/convert`,
    );
  });

  it('shows field problems on a bad conversion and writes nothing', async () => {
    const lead = await newLead();
    const page = await (await rep.get(`/leads/${lead.id}`)).text();
    const response = await rep.post(`/leads/${lead.id}/convert`, {
      submissionKey: submissionKeyIn(page, `/leads/${lead.id}/convert`),
      name: lead.company,
      phone: '',
      cityId: repUser().cityId!,
      'deal.name': 'Pilot',
      'deal.amount': 'lots',
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toMatch(/id="phone-error">Enter a phone number/);
    expect(html).toMatch(/id="deal.amount-error">Enter the amount as a number/);
    expect(await leadRow(lead.id)).toMatchObject({ status: 'new', customer_id: null });
  });

  it('attaches a lead to an existing customer (its possible duplicate is offered)', async () => {
    const lead = await newLead();
    const existing = customerOf(data, 'usr_rep_east1');
    await env.DB.prepare('UPDATE leads SET phone = ? WHERE id = ?')
      .bind(existing.phone, lead.id)
      .run();
    const page = await (await rep.get(`/leads/${lead.id}`)).text();
    expect(page).toContain(`name="customerId" value="${existing.id}"`);
    const response = await rep.post(`/leads/${lead.id}/attach`, {
      submissionKey: submissionKeyIn(page, `/leads/${lead.id}/attach`),
      customerId: existing.id,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/customers/${existing.id}?saved=converted`);
    expect(await leadRow(lead.id)).toMatchObject({ status: 'converted', customer_id: existing.id });
    await vi.waitFor(async () => expect(await clockRunning(lead.id)).toBe(false));
    // Search finds others to attach to.
    const found = await (
      await rep.get(`/leads/${(await newLead()).id}?find=${encodeURIComponent(existing.name)}`)
    ).text();
    expect(found).toContain(`name="customerId" value="${existing.id}"`);
  });

  it('disqualifies with a reason (required)', async () => {
    const lead = await newLead();
    const missing = await rep.post(`/leads/${lead.id}/disqualify`, { reason: ' ' });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toMatch(/id="reason-error">Say why this lead is disqualified/);
    expect((await leadRow(lead.id))!.status).toBe('new');
    const done = await rep.post(`/leads/${lead.id}/disqualify`, {
      reason: 'Student project, no budget',
    });
    expect(done.status).toBe(303);
    expect(await leadRow(lead.id)).toMatchObject({
      status: 'disqualified',
      close_reason: 'Student project, no budget',
    });
    const page = await (await rep.get(`/leads/${lead.id}`)).text();
    expect(page).toContain('Disqualified · Student project, no budget');
    await vi.waitFor(async () => expect(await clockRunning(lead.id)).toBe(false));
    // A late "Called" tap (an inbox page still open) does not reopen the closed lead.
    const late = await rep.post(`/leads/${lead.id}/first-touch`, { channel: 'call', back: 'lead' });
    expect(late.status).toBe(303);
    expect(await leadRow(lead.id)).toMatchObject({ status: 'disqualified' });
  });

  it('another rep’s lead: 404 for convert, attach and disqualify, nothing changed', async () => {
    const lead = await newLead('usr_rep_east2');
    expect((await rep.get(`/leads/${lead.id}`)).status).toBe(404);
    for (const action of ['convert', 'attach', 'disqualify'])
      expect(
        (
          await rep.post(`/leads/${lead.id}/${action}`, {
            submissionKey: crypto.randomUUID(),
            name: 'Stolen',
            phone: '13900000001',
            cityId: repUser().cityId!,
            customerId: customerOf(data, 'usr_rep_east1').id,
            reason: 'not mine',
          })
        ).status,
        action,
      ).toBe(404);
    expect(await leadRow(lead.id)).toMatchObject({ status: 'new', customer_id: null });
    expect(await clockRunning(lead.id)).toBe(true);
  });
});

describe('POST /api/v1/leads/:id/convert and /disqualify', () => {
  const api = (path: string, body: unknown, key?: string) =>
    call(path, {
      method: 'POST',
      headers: {
        cookie: rep.cookie,
        'x-csrf-token': rep.csrfToken,
        origin: ORIGIN,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
    });

  it('converts once per Idempotency-Key: 201, then 200 with the same customer', async () => {
    const lead = await newLead();
    const key = crypto.randomUUID();
    const body = {
      customer: { name: lead.company, phone: lead.phone, cityId: repUser().cityId },
      contact: { name: lead.name },
      deal: { name: 'API deal', amountCents: 500_000, currency: 'USD' },
    };
    const first = await api(`/api/v1/leads/${lead.id}/convert`, body, key);
    expect(first.status).toBe(201);
    const created = (await first.json()) as {
      lead: { status: string; customerId: string };
      customer: { id: string; contacts: { name: string }[] };
      dealId: string;
    };
    expect(created.lead.status).toBe('converted');
    expect(created.customer.contacts.map((c) => c.name)).toEqual([lead.name]);
    const replay = await api(`/api/v1/leads/${lead.id}/convert`, body, key);
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { customer: { id: string } }).customer.id).toBe(
      created.customer.id,
    );
    const count = await env.DB.prepare('SELECT count(*) AS n FROM customers WHERE name = ?')
      .bind(lead.company)
      .first<{ n: number }>();
    expect(count!.n).toBe(1);
    // A new key on a closed lead is refused.
    const again = await api(`/api/v1/leads/${lead.id}/convert`, body, crypto.randomUUID());
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('lead_closed');
  });

  it('refuses a first deal in a currency deals do not take, and writes nothing', async () => {
    const lead = await newLead();
    const refused = await api(
      `/api/v1/leads/${lead.id}/convert`,
      {
        customer: { name: lead.company, phone: lead.phone, cityId: repUser().cityId },
        deal: { name: 'Yen deal', amountCents: 100, currency: 'JPY' },
      },
      crypto.randomUUID(),
    );
    expect(refused.status).toBe(422);
    const error = (await refused.json()) as { error: { details: { path: string }[] } };
    expect(error.error.details.map((d) => d.path)).toContain('deal.currency');
    expect((await leadRow(lead.id))!.status).toBe('new');
  });

  it('attaches by customerId, and disqualify needs a reason', async () => {
    const lead = await newLead();
    const existing = customerOf(data, 'usr_rep_east1');
    const attached = await api(
      `/api/v1/leads/${lead.id}/convert`,
      { customerId: existing.id },
      crypto.randomUUID(),
    );
    expect(attached.status).toBe(201);
    expect(await leadRow(lead.id)).toMatchObject({ status: 'converted', customer_id: existing.id });

    const other = await newLead();
    const missing = await api(`/api/v1/leads/${other.id}/disqualify`, {});
    expect(missing.status).toBe(422);
    const done = await api(`/api/v1/leads/${other.id}/disqualify`, { reason: 'Duplicate enquiry' });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({
      status: 'disqualified',
      closeReason: 'Duplicate enquiry',
    });
    const out = await newLead('usr_rep_east2');
    expect((await api(`/api/v1/leads/${out.id}/disqualify`, { reason: 'not mine' })).status).toBe(
      404,
    );
  });
});
