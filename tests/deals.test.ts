import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { regionWall } from '../worker/tasks/wall';
import { call, ORIGIN, signInAs, type Browser } from './helpers/http';
import { customerOf, seedTinyCompany } from './helpers/seed';
import { api, auditOf, createDealByApi, dealRow, headingOf, submitNewDeal } from './helpers/deals';

let data: SeedData;
let rep: Browser;
let otherRep: Browser;
let manager: Browser;
let otherManager: Browser;
let business: Browser;

beforeAll(async () => {
  data = await seedTinyCompany();
  [rep, otherRep, manager, otherManager, business] = await Promise.all([
    signInAs('rep.east1@example.com'),
    signInAs('rep.east2@example.com'),
    signInAs('manager.east@example.com'),
    signInAs('manager.south@example.com'),
    signInAs('business.east@example.com'),
  ]);
});

const customer = () => customerOf(data, 'usr_rep_east1');
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const staleDealTimers = async () =>
  (await regionWall(env, 'reg_east').pendingTimers())
    .filter((timer) => timer.kind === 'stale_deal')
    .map((timer) => timer.subjectId);

describe('creating a deal', () => {
  it('from the customer page: the rep fills the form and lands on the new deal’s page', async () => {
    const customerPage = await (await rep.get(`/customers/${customer().id}`)).text();
    expect(customerPage).toContain(`href="/customers/${customer().id}/deals/new"`);

    const response = await submitNewDeal(rep, customer().id, {
      name: 'Cold-chain sensors, phase 1',
      amount: '12,500.50',
      currency: 'CNY',
      expectedCloseAt: inDays(45),
      stage: 'discover',
    });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/deals\/deal_[0-9a-f-]{36}$/);
    const id = location.slice('/deals/'.length);

    const page = await (await rep.get(location)).text();
    expect(headingOf(page)).toBe('Cold-chain sensors, phase 1');
    expect(page).toMatch(/class="deal-amount">CN¥12,50[01]</);
    expect(page).toMatch(/class="deal-stage"><strong>Discover</);
    expect(page).toContain(`href="/customers/${customer().id}#deal-${id}"`);

    const row = await dealRow(id);
    expect(row).toMatchObject({
      owner_id: 'usr_rep_east1',
      customer_id: customer().id,
      amount_cents: 1_250_050,
      currency: 'CNY',
      stage: 'discover',
    });
    const [created] = await auditOf(id);
    expect(created).toMatchObject({ action: 'deal.created', customer_id: customer().id });

    const json = (await (await api(rep, 'GET', `/api/v1/deals/${id}`)).json()) as Record<
      string,
      unknown
    >;
    expect(json).toMatchObject({
      id,
      name: 'Cold-chain sensors, phase 1',
      amountCents: 1_250_050,
      stage: 'discover',
    });
    expect(json.gate).toMatchObject({ nextStage: 'propose' });

    // The customer page lists it with its anchor and links to its page.
    const after = await (await rep.get(`/customers/${customer().id}`)).text();
    expect(after).toContain(
      `<li id="deal-${id}"><a href="/deals/${id}">Cold-chain sensors, phase 1</a>`,
    );
    // Its stale-deal clock runs on the region wall.
    await vi.waitFor(async () => expect(await staleDealTimers()).toContain(id));
  });

  it('re-renders the form with a message at each bad field and creates nothing', async () => {
    const before = await env.DB.prepare('SELECT count(*) AS n FROM deals').first<{ n: number }>();
    const response = await submitNewDeal(rep, customer().id, {
      name: '',
      amount: '12.345',
      currency: 'XXX',
      expectedCloseAt: '2026-02-30',
      stage: 'won',
    });
    expect(response.status).toBe(422);
    const page = await response.text();
    for (const message of [
      'Give the deal a name',
      'Enter an amount such as 12500 or 12500.50.',
      'Choose a currency from the list.',
      'Enter a real date within the next three years.',
      'Choose a stage from the list.',
    ])
      expect(page).toContain(message);
    const after = await env.DB.prepare('SELECT count(*) AS n FROM deals').first<{ n: number }>();
    expect(after!.n).toBe(before!.n);
  });

  it('a double submit of the form creates one deal', async () => {
    const action = `/customers/${customer().id}/deals`;
    const fields = {
      name: 'Twice submitted',
      amount: '100',
      currency: 'USD',
      expectedCloseAt: inDays(10),
      stage: 'qualify',
    };
    const key = crypto.randomUUID();
    const first = await submitNewDeal(rep, customer().id, fields, key);
    const second = await rep.post(action, { submissionKey: key, ...fields });
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    const { n } = (await env.DB.prepare(
      "SELECT count(*) AS n FROM deals WHERE name = 'Twice submitted'",
    ).first<{ n: number }>())!;
    expect(n).toBe(1);
  });

  it('through the API: 201, and a replay of the key answers 200 with the same deal', async () => {
    const body = {
      customerId: customer().id,
      name: 'API deal',
      amountCents: 990_000,
      currency: 'HKD',
      expectedCloseAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
      stage: 'qualify',
    };
    const key = crypto.randomUUID();
    const first = await api(rep, 'POST', '/api/v1/deals', body, { 'idempotency-key': key });
    const again = await api(rep, 'POST', '/api/v1/deals', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    const created = (await first.json()) as { id: string; ownerId: string };
    expect(((await again.json()) as { id: string }).id).toBe(created.id);
    expect(created.ownerId).toBe('usr_rep_east1');
    const { n } = (await env.DB.prepare(
      "SELECT count(*) AS n FROM deals WHERE name = 'API deal'",
    ).first<{ n: number }>())!;
    expect(n).toBe(1);
  });

  it('is refused on a customer outside the creator’s book (404) and for business users', async () => {
    expect((await otherRep.get(`/customers/${customer().id}/deals/new`)).status).toBe(404);
    expect((await business.get(`/customers/${customer().id}/deals/new`)).status).toBe(404);
    const refused = await api(
      otherRep,
      'POST',
      '/api/v1/deals',
      {
        customerId: customer().id,
        name: 'Not mine',
        amountCents: 1,
        currency: 'CNY',
        expectedCloseAt: new Date(Date.now() + 86_400_000).toISOString(),
        stage: 'qualify',
      },
      { 'idempotency-key': crypto.randomUUID() },
    );
    expect(refused.status).toBe(404);
  });
});

describe('changing a deal', () => {
  let id: string;
  beforeAll(async () => {
    id = await createDealByApi(rep, {
      customerId: customer().id,
      name: 'Warehouse retrofit',
      stage: 'qualify',
      amountCents: 500_000,
    });
  });

  it('edit: the page shows the new values and the audit entry keeps only what changed, before → after', async () => {
    const response = await rep.post(`/deals/${id}`, {
      name: 'Warehouse retrofit, both sites',
      amount: '8000',
      currency: 'CNY',
      expectedCloseAt: inDays(60),
    });
    expect(response.status).toBe(303);
    const page = await (await rep.get(`/deals/${id}`)).text();
    expect(headingOf(page)).toBe('Warehouse retrofit, both sites');
    expect(page).toMatch(/class="deal-amount">CN¥8,000</);
    const edit = (await auditOf(id)).find((entry) => entry.action === 'deal.updated')!;
    expect(edit.customer_id).toBe(customer().id);
    expect(edit.detail.before).toMatchObject({ name: 'Warehouse retrofit', amountCents: 500_000 });
    expect(edit.detail.after).toMatchObject({
      name: 'Warehouse retrofit, both sites',
      amountCents: 800_000,
    });
    expect(edit.detail.after).not.toHaveProperty('currency');
  });

  it('won or lost needs a reason; with one, the deal closes, its history grows and its clock stops', async () => {
    await vi.waitFor(async () => expect(await staleDealTimers()).toContain(id));
    const refused = await rep.post(`/deals/${id}/stage`, { stage: 'lost', closeReason: '' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Say why the deal was won or lost.');
    expect((await dealRow(id))!.stage).toBe('qualify');

    const lost = await rep.post(`/deals/${id}/stage`, {
      stage: 'lost',
      closeReason: 'Went with a cheaper local installer.',
    });
    expect(lost.status).toBe(303);
    expect(await dealRow(id)).toMatchObject({
      stage: 'lost',
      close_reason: 'Went with a cheaper local installer.',
    });
    expect((await dealRow(id))!.closed_at).not.toBeNull();
    const page = await (await rep.get(`/deals/${id}`)).text();
    expect(page).toContain('Qualify → Lost');
    expect(page).toContain('Went with a cheaper local installer.');
    const change = (await auditOf(id)).find((entry) => entry.action === 'deal.stage_changed')!;
    expect(change.detail).toMatchObject({ before: { stage: 'qualify' }, after: { stage: 'lost' } });
    await vi.waitFor(async () => expect(await staleDealTimers()).not.toContain(id));

    const patch = await api(rep, 'PATCH', `/api/v1/deals/${id}`, { stage: 'won' });
    expect(patch.status).toBe(400);
  });

  it('archive takes it off the customer page; restore brings it back intact', async () => {
    const open = await createDealByApi(rep, {
      customerId: customer().id,
      name: 'Archive me',
      stage: 'discover',
    });
    expect(await (await rep.get(`/customers/${customer().id}`)).text()).toContain(
      `id="deal-${open}"`,
    );
    expect((await rep.post(`/deals/${open}/archive`)).status).toBe(303);
    expect(await (await rep.get(`/customers/${customer().id}`)).text()).not.toContain(
      `id="deal-${open}"`,
    );
    expect(await (await rep.get(`/deals/${open}`)).text()).toContain('This deal is archived');
    await vi.waitFor(async () => expect(await staleDealTimers()).not.toContain(open));
    expect(
      (await api(rep, 'PATCH', `/api/v1/deals/${open}`, { name: 'Changed while archived' })).status,
    ).toBe(409);

    expect((await api(rep, 'POST', `/api/v1/deals/${open}/restore`)).status).toBe(200);
    expect(await dealRow(open)).toMatchObject({
      name: 'Archive me',
      stage: 'discover',
      archived_at: null,
    });
    expect(await (await rep.get(`/customers/${customer().id}`)).text()).toContain(
      `id="deal-${open}"`,
    );
    await vi.waitFor(async () => expect(await staleDealTimers()).toContain(open));
    expect((await auditOf(open)).map((entry) => entry.action)).toEqual([
      'deal.created',
      'deal.archived',
      'deal.restored',
    ]);
  });
});

describe('documents and notes through the API', () => {
  it('adds a note (JSON) and a file (multipart, kind other), refuses an unknown kind', async () => {
    const id = await createDealByApi(rep, {
      customerId: customer().id,
      name: 'Paperwork deal',
      stage: 'qualify',
    });
    const note = await api(rep, 'POST', `/api/v1/deals/${id}/documents`, {
      note: 'Budget approved for Q1.',
    });
    expect(note.status).toBe(201);
    const upload = (kind: string) => {
      const body = new FormData();
      body.append('kind', kind);
      body.append(
        'file',
        new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'site.png', { type: 'image/png' }),
      );
      return call(`/api/v1/deals/${id}/documents`, {
        method: 'POST',
        body,
        headers: { cookie: rep.cookie, origin: ORIGIN, 'x-csrf-token': rep.csrfToken },
      });
    };
    expect((await upload('other')).status).toBe(201);
    const unknown = await upload('made_up_kind');
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe(
      'unknown_document_kind',
    );
    const deal = (await (await api(rep, 'GET', `/api/v1/deals/${id}`)).json()) as {
      documents: {
        kind: string;
        note: string | null;
        fileName: string | null;
        documentKind: string | null;
      }[];
    };
    expect(deal.documents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'note', note: 'Budget approved for Q1.' }),
        expect.objectContaining({ kind: 'file', fileName: 'site.png', documentKind: 'other' }),
      ]),
    );
    expect(JSON.stringify(deal)).not.toContain('deal-files/');
    expect((await auditOf(id)).map((entry) => entry.action)).toEqual([
      'deal.created',
      'deal.note_added',
      'deal.document_added',
    ]);
  });
});

describe('who may see and change a deal', () => {
  let id: string;
  beforeAll(async () => {
    id = await createDealByApi(rep, {
      customerId: customer().id,
      name: 'Scoped deal',
      stage: 'qualify',
    });
  });

  it('another rep gets 404 everywhere and nothing changes', async () => {
    expect((await otherRep.get(`/deals/${id}`)).status).toBe(404);
    expect((await otherRep.post(`/deals/${id}/stage`, { stage: 'discover' })).status).toBe(404);
    expect((await otherRep.post(`/deals/${id}/archive`)).status).toBe(404);
    expect((await api(otherRep, 'PATCH', `/api/v1/deals/${id}`, { name: 'Hijacked' })).status).toBe(
      404,
    );
    expect((await api(otherRep, 'GET', `/api/v1/deals/${id}`)).status).toBe(404);
    expect(await dealRow(id)).toMatchObject({
      name: 'Scoped deal',
      stage: 'qualify',
      archived_at: null,
    });
  });

  it('the region’s manager sees and edits it; another region’s manager gets 404', async () => {
    const page = await (await manager.get(`/deals/${id}`)).text();
    expect(headingOf(page)).toBe('Scoped deal');
    expect(page).toContain(`action="/deals/${id}/stage"`);
    expect((await manager.post(`/deals/${id}/stage`, { stage: 'discover' })).status).toBe(303);
    expect((await dealRow(id))!.stage).toBe('discover');
    expect((await otherManager.get(`/deals/${id}`)).status).toBe(404);
    expect((await otherManager.post(`/deals/${id}/stage`, { stage: 'qualify' })).status).toBe(404);
    expect((await dealRow(id))!.stage).toBe('discover');
  });

  it('business users get 404 (deals are outside their reach)', async () => {
    expect((await business.get(`/deals/${id}`)).status).toBe(404);
    expect((await api(business, 'GET', `/api/v1/deals/${id}`)).status).toBe(404);
  });
});
