import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import {
  apiCaller,
  call,
  issueApiToken,
  ORIGIN,
  signInAs,
  submissionKeyIn,
  type ApiCall,
  type Browser,
} from './helpers/http';
import { customerOf, seedTinyCompany } from './helpers/seed';

let data: SeedData;
let rep: Browser;

beforeAll(async () => {
  data = await seedTinyCompany();
  rep = await signInAs('rep.east1@example.com');
});

const customer = () => customerOf(data, 'usr_rep_east1');
const heading = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];

/** Opens `formPath`, then posts its create form (multipart, as the browser does) with `fields`. */
async function submitContract(
  browser: Browser,
  formPath: string,
  fields: Record<string, string | File>,
) {
  const page = await (await browser.get(formPath)).text();
  const action = /<form class="card" method="post" action="([^"]+)"/.exec(page)![1]!;
  const body = new FormData();
  body.append('_csrf', browser.csrfToken);
  body.append('submissionKey', submissionKeyIn(page, action));
  // What the form carries already: the deal or contract it came from, and the prefilled fields.
  const formHtml = page.slice(page.indexOf(`action="${action}"`));
  for (const [, name, value] of formHtml.matchAll(/<input [^>]*name="(\w+)"[^>]*value="([^"]*)"/g))
    if (name !== '_csrf' && name !== 'submissionKey')
      body.set(name!, value!.replace(/&amp;/g, '&'));
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  return call(action, {
    method: 'POST',
    body,
    headers: { cookie: browser.cookie, origin: ORIGIN },
  });
}

let counter = 0;
const contractFields = (extra: Record<string, string | File> = {}) => ({
  number: `HT-TEST-${++counter}-${Date.now()}`,
  startDate: '2027-01-01',
  endDate: '2027-12-31',
  value: '120,000.50',
  currency: 'CNY',
  paymentTerms: 'Net 30',
  renewalTerms: 'Auto-renew yearly',
  ...extra,
});

async function contractRow(number: string) {
  return (await env.DB.prepare('SELECT * FROM contracts WHERE number = ?')
    .bind(number)
    .first<Record<string, unknown>>())!;
}

/**
 * Makes `number` taken between the duplicate check and the write, as a twin request would: a
 * trigger inserts a contract with the number just before the one being created. Returns the cleanup.
 */
async function raceForNumber(number: string) {
  const trigger = `race_${number.replace(/\W/g, '_')}`;
  await env.DB.exec(
    `CREATE TRIGGER ${trigger} BEFORE INSERT ON contracts WHEN NEW.number = '${number}' AND NEW.id <> 'ctr_twin_${trigger}' BEGIN INSERT INTO contracts (id, number, customer_id, owner_id, region_id, skus, amount_cents, start_at, end_at, payment_terms, created_at) VALUES ('ctr_twin_${trigger}', NEW.number, NEW.customer_id, NEW.owner_id, NEW.region_id, '[]', 0, NEW.start_at, NEW.end_at, 'Net 30', NEW.created_at); END`,
  );
  return () => env.DB.exec(`DROP TRIGGER ${trigger}`);
}

async function createAs(browser: Browser, extra: Record<string, string | File> = {}) {
  const fields = contractFields(extra);
  const response = await submitContract(
    browser,
    `/customers/${customer().id}/contracts/new`,
    fields,
  );
  expect(response.status).toBe(303);
  return { ...(await contractRow(fields.number as string)), fields } as Record<string, unknown> & {
    id: string;
    fields: typeof fields;
  };
}

describe('contracts from the customer page', () => {
  it('creates a draft and reads it back with the value and dates in the region’s zone', async () => {
    const customerPage = await (await rep.get(`/customers/${customer().id}`)).text();
    expect(customerPage).toContain(`href="/customers/${customer().id}/contracts/new"`);
    const created = await createAs(rep);
    expect(created).toMatchObject({
      amount_cents: 12_000_050,
      currency: 'CNY',
      status: 'draft',
      customer_id: customer().id,
      owner_id: 'usr_rep_east1',
      skus: '[]',
      // 1 January 2027, 00:00 in Shanghai (UTC+8).
      start_at: Date.UTC(2026, 11, 31, 16),
    });
    const page = await rep.get(`/contracts/${created.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(heading(html)).toBe(created.fields.number);
    expect(html).toContain('CN¥120,001');
    expect(html).toContain('<dd class="contract-start">Jan 1, 2027</dd>');
    expect(html).toContain('<dd class="contract-end">Dec 31, 2027</dd>');
    expect(html).toContain('Draft');
    // The customer page lists it, linked, with its status.
    const after = await (await rep.get(`/customers/${customer().id}`)).text();
    expect(after).toContain(`<a href="/contracts/${created.id}">${created.fields.number}</a>`);
    const audit = await env.DB.prepare(
      "SELECT customer_id FROM audit_log WHERE action = 'contract.created' AND subject_id = ?",
    )
      .bind(created.id)
      .first<{ customer_id: string }>();
    expect(audit?.customer_id).toBe(customer().id);
  });

  it('creates from a deal with its value and currency filled in', async () => {
    const deal = data.deals.find((d) => d.ownerId === 'usr_rep_east1')!;
    // The deal's page is where the rep starts it.
    const dealPage = await (await rep.get(`/deals/${deal.id}`)).text();
    expect(dealPage).toContain(`href="/contracts/new?dealId=${deal.id}"`);
    const form = await (await rep.get(`/contracts/new?dealId=${deal.id}`)).text();
    expect(form).toContain(`name="value" type="text" value="${deal.amountCents / 100}"`);
    expect(form).toContain(`name="currency" type="text" value="${deal.currency}"`);
    const number = `HT-DEAL-${Date.now()}`;
    const response = await submitContract(rep, `/contracts/new?dealId=${deal.id}`, {
      number,
      startDate: '2027-02-01',
      endDate: '2028-01-31',
      paymentTerms: 'Net 60',
    });
    expect(response.status).toBe(303);
    const row = await contractRow(number);
    expect(row).toMatchObject({
      deal_id: deal.id,
      customer_id: deal.customerId,
      amount_cents: deal.amountCents,
    });
    const html = await (await rep.get(`/contracts/${row.id}`)).text();
    expect(heading(html)).toBe(number);
    expect(html).toContain(`href="/deals/${deal.id}"`);
  });

  it('refuses a duplicate number, an end before the start and a bad value with field errors', async () => {
    const first = await createAs(rep);
    const response = await submitContract(
      rep,
      `/customers/${customer().id}/contracts/new`,
      contractFields({ number: first.fields.number }),
    );
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('Another contract already has this number.');
    for (const [fields, message] of [
      [{ endDate: '2026-06-01' }, 'id="endDate-error">The end date must be after the start date.'],
      [{ value: '12.345' }, 'id="value-error">Enter the value as a number of at most 2 decimals.'],
      [{ startDate: '2027-02-30' }, 'id="startDate-error">Enter a date.'],
    ] as const) {
      const bad = await submitContract(
        rep,
        `/customers/${customer().id}/contracts/new`,
        contractFields(fields),
      );
      expect(bad.status).toBe(422);
      expect(await bad.text()).toContain(message);
    }
  });

  it('answers a number taken between the check and the write with the field error, not a 500', async () => {
    const fields = contractFields();
    const release = await raceForNumber(fields.number);
    const response = await submitContract(rep, `/customers/${customer().id}/contracts/new`, fields);
    await release();
    expect(response.status).toBe(422);
    expect(await response.text()).toContain(
      'id="number-error">Another contract already has this number.',
    );
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM contracts WHERE number = ?')
        .bind(fields.number)
        .first(),
    ).toEqual({ n: 0 });
  });

  it('keeps the signed file private: owner, the region’s manager and business read it; others 404', async () => {
    // Larger than the default body limit, as scans are: the upload paths allow up to 10 MB.
    const scan = `%PDF-1.4 signed${' '.repeat(300 * 1024)}`;
    const pdf = new File([scan], 'signed contract.pdf', { type: 'application/pdf' });
    const created = await createAs(rep, { file: pdf });
    expect(created.file_key).toMatch(new RegExp(`^contract-files/${created.id}/[0-9a-f-]{36}$`));
    const html = await (await rep.get(`/contracts/${created.id}`)).text();
    expect(html).toContain(`href="/contracts/${created.id}/file"`);
    for (const email of [
      'rep.east1@example.com',
      'manager.east@example.com',
      'business.east@example.com',
    ]) {
      const browser = email === 'rep.east1@example.com' ? rep : await signInAs(email);
      const file = await browser.get(`/contracts/${created.id}/file`);
      expect(file.status, email).toBe(200);
      expect(new TextDecoder().decode(await file.arrayBuffer())).toBe(scan);
      expect(file.headers.get('content-type')).toBe('application/pdf');
      expect(file.headers.get('content-disposition')).toContain('attachment;');
      expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    }
    for (const email of ['rep.east2@example.com', 'manager.west@example.com']) {
      const browser = await signInAs(email);
      expect((await browser.get(`/contracts/${created.id}/file`)).status, email).toBe(404);
      expect((await browser.get(`/contracts/${created.id}`)).status, email).toBe(404);
    }
  });

  it('creates one contract when the same form is submitted twice', async () => {
    const path = `/customers/${customer().id}/contracts`;
    const page = await (await rep.get(`${path}/new`)).text();
    const fields = { ...contractFields(), submissionKey: submissionKeyIn(page, path) };
    const first = await rep.post(path, fields);
    const second = await rep.post(path, fields);
    expect(first.status).toBe(303);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM contracts WHERE number = ?')
        .bind(fields.number)
        .first(),
    ).toEqual({ n: 1 });
  });

  it('refuses a file that is not a PDF or image', async () => {
    const response = await submitContract(
      rep,
      `/customers/${customer().id}/contracts/new`,
      contractFields({ file: new File(['hi'], 'a.txt', { type: 'text/plain' }) }),
    );
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('The signed file must be a PDF, JPEG, PNG or WebP.');
  });
});

describe('contract changes', () => {
  it('lets business edit a contract of their region, not another region’s', async () => {
    const created = await createAs(rep);
    const business = await signInAs('business.east@example.com');
    const form = await business.get(`/contracts/${created.id}/edit`);
    expect(form.status).toBe(200);
    const edited = await business.post(`/contracts/${created.id}`, {
      ...created.fields,
      paymentTerms: 'Net 45',
    } as Record<string, string>);
    expect(edited.status).toBe(303);
    const html = await (await rep.get(`/contracts/${created.id}`)).text();
    expect(html).toContain('<dd>Net 45</dd>');
    const audit = await env.DB.prepare(
      "SELECT detail FROM audit_log WHERE action = 'contract.updated' AND subject_id = ?",
    )
      .bind(created.id)
      .first<{ detail: string }>();
    expect(JSON.parse(audit!.detail)).toEqual({
      before: { paymentTerms: 'Net 30' },
      after: { paymentTerms: 'Net 45' },
    });
    const west = data.contracts.find((c) => c.regionId === 'reg_west')!;
    expect((await business.get(`/contracts/${west.id}/edit`)).status).toBe(404);
    expect(
      (
        await business.post(`/contracts/${west.id}`, { ...created.fields } as Record<
          string,
          string
        >)
      ).status,
    ).toBe(404);
  });

  it('submits a draft straight to active, refuses an invalid transition, terminates with a reason', async () => {
    const created = await createAs(rep);
    expect((await rep.post(`/contracts/${created.id}/status`, { action: 'submit' })).status).toBe(
      303,
    );
    let html = await (await rep.get(`/contracts/${created.id}`)).text();
    expect(html).toContain('<span class="tag contract-active">Active</span>');
    const again = await rep.post(`/contracts/${created.id}/status`, { action: 'submit' });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('Only a draft can be submitted.');
    const noReason = await rep.post(`/contracts/${created.id}/status`, { action: 'terminate' });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('Give a reason for terminating.');
    await rep.post(`/contracts/${created.id}/status`, {
      action: 'terminate',
      reason: 'Customer closed the site',
    });
    html = await (await rep.get(`/contracts/${created.id}`)).text();
    expect(html).toContain('<span class="tag contract-terminated">Terminated</span>');
    expect(html).toContain('Terminated: Customer closed the site');
    const renew = await rep.post(`/contracts/${created.id}/status`, { action: 'renew' });
    expect(renew.status).toBe(422);
    expect(await renew.text()).toContain('cannot move to that status');
  });

  it('renews an active contract into a new draft that links both ways', async () => {
    const old = await createAs(rep);
    await rep.post(`/contracts/${old.id}/status`, { action: 'submit' });
    const form = await (await rep.get(`/contracts/${old.id}/renew`)).text();
    expect(form).toContain('name="startDate" type="date" value="2027-12-31"');
    const number = `HT-RENEW-${Date.now()}`;
    const response = await submitContract(rep, `/contracts/${old.id}/renew`, { number });
    expect(response.status).toBe(303);
    const successor = await contractRow(number);
    expect(successor).toMatchObject({ status: 'draft', amount_cents: 12_000_050 });
    const oldPage = await (await rep.get(`/contracts/${old.id}`)).text();
    expect(oldPage).toContain('<span class="tag contract-renewed">Renewed</span>');
    expect(oldPage).toContain(`<a href="/contracts/${successor.id}">Renewed by contract ${number}`);
    const newPage = await (await rep.get(`/contracts/${successor.id}`)).text();
    expect(newPage).toContain(`Renews contract ${old.fields.number}`);
  });

  it('shows an active contract past its end as expired', async () => {
    const created = await createAs(rep);
    await rep.post(`/contracts/${created.id}/status`, { action: 'submit' });
    await env.DB.prepare('UPDATE contracts SET end_at = ?, start_at = ? WHERE id = ?')
      .bind(Date.now() - 1000, Date.now() - 86_400_000, created.id)
      .run();
    const html = await (await rep.get(`/contracts/${created.id}`)).text();
    expect(html).toContain('<span class="tag contract-expired">Expired</span>');
  });

  it('archives out of the lists and restores intact', async () => {
    const created = await createAs(rep);
    expect((await rep.post(`/contracts/${created.id}/archive`)).status).toBe(303);
    const customerPage = await (await rep.get(`/customers/${customer().id}`)).text();
    expect(customerPage).not.toContain(`/contracts/${created.id}"`);
    const list = await (await rep.get('/contracts?status=all')).text();
    expect(list).not.toContain(`/contracts/${created.id}"`);
    expect(await (await rep.get('/contracts?status=archived')).text()).toContain(
      `/contracts/${created.id}"`,
    );
    const page = await (await rep.get(`/contracts/${created.id}`)).text();
    expect(page).toContain('This contract is archived.');
    const editWhileArchived = await rep.post(`/contracts/${created.id}/status`, {
      action: 'submit',
    });
    expect(editWhileArchived.status).toBe(422);
    expect((await rep.post(`/contracts/${created.id}/restore`)).status).toBe(303);
    const restored = await (await rep.get(`/customers/${customer().id}`)).text();
    expect(restored).toContain(`<a href="/contracts/${created.id}">${created.fields.number}</a>`);
    expect(await contractRow(created.fields.number as string)).toMatchObject({
      archived_at: null,
      amount_cents: 12_000_050,
    });
  });

  it('lists contracts ending soonest first for business, only of their region', async () => {
    const business = await signInAs('business.east@example.com');
    const html = await (await business.get('/contracts?status=all')).text();
    expect(heading(html)).toBe('Contracts');
    const ids = [...html.matchAll(/<a href="\/contracts\/([^"]+)">/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(0);
    const rows = data.contracts.filter((c) => ids.includes(c.id));
    expect(rows.every((c) => c.regionId === 'reg_east')).toBe(true);
    const ends = rows.map((c) => c.endAt);
    expect(ends).toEqual([...ends].sort((a, b) => a - b));
    // Business lands on the contracts after sign-in.
    const response = await call('/login', { headers: { cookie: business.cookie } });
    expect(response.headers.get('location')).toBe('/contracts');
  });
});

describe('/api/v1/contracts', () => {
  let token: string;
  let api: ApiCall;
  beforeAll(async () => {
    token = await issueApiToken('rep.east1@example.com', 'contracts app');
    api = apiCaller(token);
  });

  it('creates once per Idempotency-Key (201, then 200 with the same body), reads and patches', async () => {
    const key = crypto.randomUUID();
    const body = {
      customerId: customer().id,
      number: `HT-API-${Date.now()}`,
      startAt: '2027-03-01',
      endAt: '2028-02-28T00:00:00+08:00',
      amountCents: 5_000_000,
      currency: 'usd',
      paymentTerms: 'Net 30',
      skus: [{ sku: 'Sensor kit', quantity: 10, unitPriceCents: 500_000 }],
    };
    const first = await api('/contracts', 'POST', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; currency: string; startAt: string };
    expect(created).toMatchObject({ currency: 'USD', status: 'draft', amountCents: 5_000_000 });
    // The start of 1 March in the region's zone, written with its offset.
    expect(created.startAt).toBe('2027-03-01T00:00:00.000+08:00');
    const replay = await api('/contracts', 'POST', body, { 'idempotency-key': key });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(created);
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM contracts WHERE number = ?')
        .bind(body.number)
        .first(),
    ).toEqual({ n: 1 });

    const patched = await api(`/contracts/${created.id}`, 'PATCH', { paymentTerms: 'Net 10' });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ paymentTerms: 'Net 10', number: body.number });
    const badPatch = await api(`/contracts/${created.id}`, 'PATCH', { endAt: '2020-01-01' });
    expect(badPatch.status).toBe(422);
    expect(((await badPatch.json()) as { error: { message: string } }).error.message).toBe(
      'The end date must be after the start date.',
    );
    const submitted = await api(`/contracts/${created.id}/status`, 'POST', { action: 'submit' });
    expect(await submitted.json()).toMatchObject({ status: 'active' });
    const refused = await api(`/contracts/${created.id}/status`, 'POST', { action: 'submit' });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      error: { code: 'contract_refused', message: 'Only a draft can be submitted.' },
    });
    const duplicate = await api(
      '/contracts',
      'POST',
      { ...body },
      { 'idempotency-key': crypto.randomUUID() },
    );
    expect(duplicate.status).toBe(409);
  });

  it('uploads the signed file as multipart and refuses bad input with 400', async () => {
    const created = await createAs(rep);
    const form = new FormData();
    form.append('file', new File(['PNGDATA'], 'scan.png', { type: 'image/png' }));
    const uploaded = await call(`/api/v1/contracts/${created.id}/file`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(uploaded.status).toBe(200);
    expect(await uploaded.json()).toMatchObject({ hasFile: true, fileName: 'scan.png' });
    const bad = await api(
      '/contracts',
      'POST',
      { customerId: customer().id, number: 'X', startAt: 'soon' },
      { 'idempotency-key': crypto.randomUUID() },
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request' } });
    const foreign = data.contracts.find((c) => c.ownerId !== 'usr_rep_east1')!;
    expect((await api(`/contracts/${foreign.id}`, 'GET')).status).toBe(404);
  });

  it('answers 409 number_taken, not a 500, when the number is taken between the check and the write', async () => {
    const number = `HT-API-RACE-${Date.now()}`;
    const release = await raceForNumber(number);
    const response = await api(
      '/contracts',
      'POST',
      {
        customerId: customer().id,
        number,
        startAt: '2027-03-01',
        endAt: '2028-02-28',
        amountCents: 100_000,
        currency: 'CNY',
        paymentTerms: 'Net 30',
      },
      { 'idempotency-key': crypto.randomUUID() },
    );
    await release();
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error: { code: 'number_taken', message: 'Another contract already has this number.' },
    });
  });

  it('lists contracts by customer and status, ending soonest first, a page at a time, in scope', async () => {
    const mine = customer();
    const created: string[] = [];
    for (const endAt of ['2029-06-30', '2029-03-31', '2029-09-30']) {
      const response = await api(
        '/contracts',
        'POST',
        {
          customerId: mine.id,
          number: `HT-LIST-${endAt}-${Date.now()}`,
          startAt: '2027-01-01',
          endAt,
          amountCents: 100_000,
          currency: 'CNY',
          paymentTerms: 'Net 30',
        },
        { 'idempotency-key': crypto.randomUUID() },
      );
      created.push(((await response.json()) as { id: string }).id);
    }
    type Page = {
      items: { id: string; customerId: string; status: string; endAt: number }[];
      nextCursor: string | null;
    };
    const read = async (query: string) =>
      (await (await api(`/contracts?${query}`, 'GET')).json()) as Page;
    // All of the customer's drafts, two a page (earlier tests made some too).
    const pages: Page[] = [];
    for (let cursor = ''; pages.length === 0 || cursor;) {
      const page = await read(`customerId=${mine.id}&status=draft&limit=2${cursor}`);
      pages.push(page);
      cursor = page.nextCursor ? `&cursor=${page.nextCursor}` : '';
    }
    const all = pages.flatMap((page) => page.items);
    expect(pages.every((page) => page.items.length <= 2)).toBe(true);
    expect(pages.length).toBeGreaterThan(1);
    expect(all.filter((c) => created.includes(c.id)).map((c) => c.id)).toEqual([
      created[1],
      created[0],
      created[2],
    ]);
    expect(all.map((c) => c.endAt)).toEqual(all.map((c) => c.endAt).sort((a, b) => a - b));
    expect(all.every((c) => c.customerId === mine.id && c.status === 'draft')).toBe(true);
    expect(
      (await read(`customerId=${mine.id}&status=active`)).items.map((c) => c.id),
    ).not.toContain(created[0]);
    const foreign = data.contracts.find((c) => c.ownerId !== 'usr_rep_east1')!;
    expect(await read(`customerId=${foreign.customerId}`)).toEqual({ items: [], nextCursor: null });
    expect((await read('limit=100')).items.map((c) => c.id)).not.toContain(foreign.id);
    expect((await api('/contracts?status=signed', 'GET')).status).toBe(400);
  });
});
