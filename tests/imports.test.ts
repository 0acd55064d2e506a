import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import worker from '../worker/index';
import { CRON_SCHEDULE } from '../queues/cron';
import type { WorkMessage } from '../queues/messages';
import { generateSeed, type SeedData } from '../scripts/seed/generate';
import { customerImportCsv, type CustomerCsv } from '../scripts/seed/import-csv';
import { parseCsv } from '../worker/imports/csv-read';
import { startImport } from '../worker/imports/imports';
import { runImportChunk } from '../worker/imports/run-chunk';
import { openDatabase } from '../worker/platform/db/client';
import { seedTinyCompany } from './helpers/seed';
import { call, ORIGIN, signInAs, submissionKeyIn, type Browser } from './helpers/http';

let company: SeedData;
/** The large company's 30,000 customers: the rows of the files imported here (1% of them wrong). */
const source = generateSeed({ seed: 20261123, scale: 'large', now: Date.UTC(2026, 10, 23) });
/** The file: 30,000 rows (`npm run bench:import` times the same file). */
const FILE_ROWS = 30_000;

beforeAll(async () => {
  company = await seedTinyCompany();
});

async function consume(bodies: WorkMessage[]) {
  const batch = createMessageBatch<WorkMessage>(
    'fieldwall-work',
    bodies.map((body, i) => ({
      id: `m-${i}-${crypto.randomUUID()}`,
      timestamp: new Date(),
      attempts: 1,
      body,
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

const importRow = (id: string) =>
  env.DB.prepare('SELECT * FROM imports WHERE id = ?').bind(id).first<{
    status: string;
    cursor: number;
    total_rows: number;
    created_count: number;
    updated_count: number;
    unchanged_count: number;
    error_count: number;
    statement_count: number;
  }>();

/** Runs the import's chunks, as the queue would, until it has finished. */
async function runToEnd(id: string) {
  for (let guard = 0; guard < 200; guard += 1) {
    const row = await importRow(id);
    if (row?.status !== 'running') return row;
    await consume([{ kind: 'import.chunk', importId: id, fromRow: row.cursor }]);
  }
  throw new Error('the import never finished');
}

async function upload(
  browser: Browser,
  fields: { kind: string; regionId: string },
  file: string | Uint8Array,
  name = 'customers.csv',
) {
  const page = await (await browser.get('/imports/new')).text();
  const body = new FormData();
  body.append('_csrf', browser.csrfToken);
  body.append('submissionKey', submissionKeyIn(page, '/imports/new'));
  body.append('kind', fields.kind);
  body.append('regionId', fields.regionId);
  body.append('file', new File([file], name, { type: 'text/csv' }));
  return call('/imports/new', {
    method: 'POST',
    body,
    headers: { cookie: browser.cookie, origin: ORIGIN },
  });
}

/** Uploads and returns the new import's id (from the redirect to its preview). */
async function uploaded(
  browser: Browser,
  fields: { kind: string; regionId: string },
  file: string | Uint8Array,
) {
  const response = await upload(browser, fields, file);
  expect(response.status).toBe(303);
  return /^\/imports\/([\w-]+)$/.exec(response.headers.get('location')!)![1]!;
}

/** The preview's column choices as the page selected them: `column-<i>` → field. */
function selectedMapping(html: string): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const [, column, options] of html.matchAll(
    /<select id="column-(\d+)" name="column-\d+">(.*?)<\/select>/gs,
  )) {
    mapping[`column-${column}`] = /<option value="(\w*)" selected/.exec(options!)?.[1] ?? '';
  }
  return mapping;
}

const count = async (sql: string, ...binds: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>())!.n;
const shown = (html: string, name: string) =>
  Number(new RegExp(`data-count="${name}">(\\d+)<`).exec(html)?.[1]);

/**
 * How many good rows of a file find a customer the tiny seed already has in `regionId` (same
 * generator, so the same phones): those are updated (they gain the external id), not created.
 */
function matchedBySeedPhone(file: CustomerCsv, regionId: string, from = 0) {
  const phones = new Set(
    company.customers.filter((c) => c.regionId === regionId).map((c) => c.phone),
  );
  const bad = new Set(file.badRows);
  let matched = 0;
  for (let i = 0; i < file.rows; i += 1)
    if (!bad.has(i + 2) && phones.has(source.customers[from + i]!.phone)) matched += 1;
  return matched;
}

function fakeQueue() {
  const sent: WorkMessage[] = [];
  const queue = {
    send: async (body: WorkMessage) => void sent.push(body),
    sendBatch: async (messages: { body: WorkMessage }[]) =>
      void sent.push(...messages.map((m) => m.body)),
  } as unknown as Queue;
  return { queue, sent };
}

describe('CSV import of customers', () => {
  let file: CustomerCsv;
  let firstId: string;

  it('previews the first rows with the headers matched, then imports all but exactly the bad rows', async () => {
    file = customerImportCsv(source, company, 'reg_east', FILE_ROWS);
    expect(file.badRows).toHaveLength(FILE_ROWS / 100);
    const admin = await signInAs('admin@example.com');
    firstId = await uploaded(admin, { kind: 'customers', regionId: 'reg_east' }, file.csv);

    const preview = await (await admin.get(`/imports/${firstId}`)).text();
    const mapping = selectedMapping(preview);
    expect(mapping).toEqual({
      'column-0': 'externalId',
      'column-1': 'name',
      'column-2': 'phone',
      'column-3': 'email',
      'column-4': 'city',
      'column-5': 'grade',
      'column-6': 'industry',
      'column-7': 'owner',
    });
    expect(preview).toContain(source.customers[0]!.name);
    expect(preview.match(/<tr>/g)).toHaveLength(1 + 20);

    const started = await admin.post(`/imports/${firstId}/start`, mapping);
    expect(started.headers.get('location')).toBe(`/imports/${firstId}`);
    const running = await (await admin.get(`/imports/${firstId}`)).text();
    expect(running).toMatch(
      new RegExp(`<progress id="import-bar" max="${FILE_ROWS}" value="\\d+"`),
    );
    expect(running).toContain('hx-trigger="every 2s"');
    expect(running).toContain('<meta http-equiv="refresh" content="3"/>');

    const done = await runToEnd(firstId);
    const good = FILE_ROWS - file.badRows.length;
    const updated = matchedBySeedPhone(file, 'reg_east');
    expect(updated).toBeGreaterThan(0);
    expect(done).toMatchObject({
      status: 'done',
      cursor: FILE_ROWS,
      created_count: good - updated,
      updated_count: updated,
      error_count: file.badRows.length,
    });
    expect(await count("SELECT count(*) AS n FROM customers WHERE external_id LIKE 'ext-%'")).toBe(
      good,
    );
    const errorRows = await env.DB.prepare(
      'SELECT DISTINCT row FROM import_errors WHERE import_id = ? ORDER BY row',
    )
      .bind(firstId)
      .all<{ row: number }>();
    expect(errorRows.results.map((r) => r.row)).toEqual(file.badRows);
    // Each created customer has its audit entry on its own timeline.
    expect(
      await count(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'customer.imported' AND customer_id = subject_id AND actor_id = 'usr_admin'",
      ),
    ).toBe(good - updated);

    const page = await (await admin.get(`/imports/${firstId}`)).text();
    expect([
      shown(page, 'created'),
      shown(page, 'updated'),
      shown(page, 'unchanged'),
      shown(page, 'failed'),
    ]).toEqual([good - updated, updated, 0, file.badRows.length]);
    expect(page).toContain(`<progress id="import-bar" max="${FILE_ROWS}" value="${FILE_ROWS}"`);
    expect(page).not.toContain('hx-trigger');
    expect(page).toContain(`href="/imports/${firstId}/errors.csv"`);
    expect(page).toContain('Not a phone number.');
  });

  it('downloads exactly the failed rows with their cells, row number and reason, ready to fix and import again', async () => {
    const admin = await signInAs('admin@example.com');
    const response = await admin.get(`/imports/${firstId}/errors.csv`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes));
    expect(header).toEqual([
      'External ID',
      '客户名称',
      '手机',
      'Email',
      '城市',
      'Grade',
      '行业',
      'Owner',
      'row',
      'error',
    ]);
    expect(rows.map((row) => Number(row[8]))).toEqual(file.badRows);
    expect(rows[0]!.slice(2, 3)).toEqual(['call me']);
    expect(rows[0]![9]).toBe('手机: Not a phone number.');
    expect(rows[1]![9]).toBe('城市: No city of this name in the region.');
    expect(rows[4]![9]).toBe('客户名称: Required, but empty.');
  });

  it('adds nothing when the same file is imported again', async () => {
    const admin = await signInAs('admin@example.com');
    const before = await count('SELECT count(*) AS n FROM customers');
    const againId = await uploaded(admin, { kind: 'customers', regionId: 'reg_east' }, file.csv);
    const preview = await (await admin.get(`/imports/${againId}`)).text();
    await admin.post(`/imports/${againId}/start`, selectedMapping(preview));
    expect(await runToEnd(againId)).toMatchObject({
      status: 'done',
      created_count: 0,
      updated_count: 0,
      unchanged_count: FILE_ROWS - file.badRows.length,
      error_count: file.badRows.length,
    });
    expect(await count('SELECT count(*) AS n FROM customers')).toBe(before);
    const page = await (await admin.get(`/imports/${againId}`)).text();
    expect(shown(page, 'created')).toBe(0);
  });

  it('imports contacts, contracts and orders of the imported customers, and re-imports them unchanged', async () => {
    const admin = await signInAs('admin@example.com');
    const [first, second] = source.customers.slice(0, 2).map((customer) => `ext-${customer.id}`);
    const files = {
      contacts: `客户编号,联系人,职位,手机\r\n${first},Li Lei,CTO,13912345678\r\n${second},Han Meimei,,\r\n`,
      contracts: `合同编号,客户,金额,开始日期,结束日期\r\nHT-IMP-1,${first},"12,000.50",2026-01-01,2026-12-31\r\n`,
      orders: `订单编号,客户,合同编号,下单日期,金额,状态\r\nORD-IMP-1,${first},HT-IMP-1,2026/2/1,500,delivered\r\n`,
    };
    const importOnce = async (kind: keyof typeof files) => {
      const id = await uploaded(admin, { kind, regionId: 'reg_east' }, files[kind]);
      const preview = await (await admin.get(`/imports/${id}`)).text();
      await admin.post(`/imports/${id}/start`, selectedMapping(preview));
      return runToEnd(id);
    };
    // The contact without a phone or email cannot be found again: refused, not duplicated later.
    expect(await importOnce('contacts')).toMatchObject({ created_count: 1, error_count: 1 });
    expect(await importOnce('contracts')).toMatchObject({ created_count: 1, error_count: 0 });
    expect(await importOnce('orders')).toMatchObject({ created_count: 1, error_count: 0 });
    const customerId = (await env.DB.prepare('SELECT id FROM customers WHERE external_id = ?')
      .bind(first)
      .first<{ id: string }>())!.id;
    expect(
      await env.DB.prepare(
        "SELECT c.name, c.title, c.phone FROM contacts c WHERE c.customer_id = ? AND c.name = 'Li Lei'",
      )
        .bind(customerId)
        .all(),
    ).toMatchObject({ results: [{ name: 'Li Lei', title: 'CTO', phone: '13912345678' }] });
    expect(
      await env.DB.prepare(
        "SELECT o.amount_cents, o.status, k.number, k.amount_cents AS contract_cents, k.region_id FROM orders o JOIN contracts k ON k.id = o.contract_id WHERE o.external_id = 'ORD-IMP-1' AND o.customer_id = ?",
      )
        .bind(customerId)
        .first(),
    ).toEqual({
      amount_cents: 50_000,
      status: 'delivered',
      number: 'HT-IMP-1',
      contract_cents: 1_200_050,
      region_id: 'reg_east',
    });
    expect(
      await count(
        "SELECT count(*) AS n FROM audit_log WHERE action IN ('contact.imported', 'contract.imported', 'order.imported') AND customer_id = ?",
        customerId,
      ),
    ).toBe(3);

    expect(await importOnce('contacts')).toMatchObject({ created_count: 0, unchanged_count: 1 });
    expect(await importOnce('contracts')).toMatchObject({ created_count: 0, unchanged_count: 1 });
    expect(await importOnce('orders')).toMatchObject({ created_count: 0, unchanged_count: 1 });
  });

  it('creates no duplicates when a chunk is delivered twice, late, or twice at once', async () => {
    const admin = await signInAs('admin@example.com');
    const south = customerImportCsv(source, company, 'reg_south', 1_200, { idPrefix: 'dup-' });
    const id = await uploaded(admin, { kind: 'customers', regionId: 'reg_south' }, south.csv);
    const db = openDatabase(env.DB);
    const mapping = (await db.query.imports.findFirst({ where: (t, { eq }) => eq(t.id, id) }))!
      .mapping;
    const { queue, sent } = fakeQueue();
    expect(await startImport(db, queue, id, mapping, Date.now())).toBe(true);
    // Starting twice starts once.
    expect(await startImport(db, queue, id, mapping, Date.now())).toBe(false);
    expect(sent).toEqual([{ kind: 'import.chunk', importId: id, fromRow: 0 }]);

    // One chunk at a time, as single messages would run them.
    expect(await runImportChunk(env, id, 500)).toBeNull(); // early: nothing yet
    expect((await importRow(id))!.cursor).toBe(0);
    expect(await runImportChunk(env, id, 0)).toBe(500);
    expect(await runImportChunk(env, id, 0)).toBeNull(); // delivered again
    expect((await importRow(id))!.cursor).toBe(500);
    const racing = await Promise.all([runImportChunk(env, id, 500), runImportChunk(env, id, 500)]);
    expect(racing.filter((next) => next !== null)).toEqual([1_000]);
    expect((await importRow(id))!.cursor).toBe(1_000);
    await consume([{ kind: 'import.chunk', importId: id, fromRow: 0 }]); // stale
    const done = await runToEnd(id);
    const updated = matchedBySeedPhone(south, 'reg_south');
    expect(done).toMatchObject({
      status: 'done',
      created_count: 1_188 - updated,
      updated_count: updated,
      error_count: 12,
    });
    expect(await count("SELECT count(*) AS n FROM customers WHERE external_id LIKE 'dup-%'")).toBe(
      1_188,
    );
    expect(await count('SELECT count(*) AS n FROM import_errors WHERE import_id = ?', id)).toBe(12);
    expect(
      await count(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'customer.imported' AND subject_id IN (SELECT id FROM customers WHERE external_id LIKE 'dup-%')",
      ),
    ).toBe(1_188 - updated);
  });

  it('resumes a stalled import from the cron and finishes it without duplicates', async () => {
    const admin = await signInAs('admin@example.com');
    const north = customerImportCsv(source, company, 'reg_north', 1_200, { idPrefix: 'stall-' });
    const id = await uploaded(admin, { kind: 'customers', regionId: 'reg_north' }, north.csv);
    const db = openDatabase(env.DB);
    const mapping = (await db.query.imports.findFirst({ where: (t, { eq }) => eq(t.id, id) }))!
      .mapping;
    const { queue, sent } = fakeQueue();
    await startImport(db, queue, id, mapping, Date.now());
    await runImportChunk(env, id, 0);
    // The worker died here: the message for the next chunk was lost.
    await env.DB.prepare('UPDATE imports SET updated_at = ? WHERE id = ?')
      .bind(Date.now() - 10 * 60_000, id)
      .run();
    sent.length = 0;
    const cronEnv = Object.assign(Object.create(env) as Env, { WORK_QUEUE: queue });
    await CRON_SCHEDULE['*/5 * * * *']!(cronEnv, Date.now());
    const resumed = sent.filter((message) => message.kind === 'import.chunk');
    expect(resumed).toEqual([{ kind: 'import.chunk', importId: id, fromRow: 500 }]);
    await consume(resumed);
    const done = await runToEnd(id);
    const updated = matchedBySeedPhone(north, 'reg_north');
    expect(done).toMatchObject({
      status: 'done',
      cursor: 1_200,
      created_count: 1_188 - updated,
      updated_count: updated,
      error_count: 12,
    });
    expect(
      await count("SELECT count(*) AS n FROM customers WHERE external_id LIKE 'stall-%'"),
    ).toBe(1_188);
  });
});

describe('who may import where', () => {
  it('lets a manager import into their own region only, and hides other regions’ imports', async () => {
    const manager = await signInAs('manager.east@example.com');
    const form = await (await manager.get('/imports/new')).text();
    expect(form.match(/<select id="f-region"[^>]*>(.*?)<\/select>/s)![1]).toMatch(
      /^<option value="reg_east"[^>]*>East<\/option>$/,
    );
    const before = await count('SELECT count(*) AS n FROM imports');
    const refused = await upload(
      manager,
      { kind: 'customers', regionId: 'reg_south' },
      'name,city,phone\nA,Guangzhou,13800000000\n',
    );
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('You can import only into your own region.');
    expect(await count('SELECT count(*) AS n FROM imports')).toBe(before);

    const southImport = await env.DB.prepare(
      "SELECT id FROM imports WHERE region_id = 'reg_south' LIMIT 1",
    ).first<{ id: string }>();
    expect((await manager.get(`/imports/${southImport!.id}`)).status).toBe(404);
    expect((await manager.get(`/imports/${southImport!.id}/errors.csv`)).status).toBe(404);
    const list = await (await manager.get('/imports')).text();
    expect(list).not.toContain(southImport!.id);

    const rep = await signInAs('rep.east1@example.com');
    expect((await rep.get('/imports')).status).toBe(403);
  });

  it('invites imported users, and lets a manager import only reps of their region', async () => {
    const shanghai = company.cities.find((city) => city.regionId === 'reg_east')!;
    const admin = await signInAs('admin@example.com');
    const csv = `email,name,role,city\r\nnew.rep@example.com,New Rep,rep,${shanghai.name}\r\nnew.biz@example.com,New Biz,business,\r\ndirector@example.com,Boss,rep,${shanghai.name}\r\n`;
    const id = await uploaded(admin, { kind: 'users', regionId: 'reg_east' }, csv);
    const preview = await (await admin.get(`/imports/${id}`)).text();
    await admin.post(`/imports/${id}/start`, selectedMapping(preview));
    expect(await runToEnd(id)).toMatchObject({ created_count: 2, error_count: 1 });
    const invited = await env.DB.prepare(
      "SELECT u.email, u.role, u.region_id, count(t.id) AS tokens FROM users u JOIN account_tokens t ON t.user_id = u.id AND t.purpose = 'invite' WHERE u.email LIKE 'new.%' GROUP BY u.id ORDER BY u.email",
    ).all();
    expect(invited.results).toEqual([
      { email: 'new.biz@example.com', role: 'business', region_id: 'reg_east', tokens: 1 },
      { email: 'new.rep@example.com', role: 'rep', region_id: 'reg_east', tokens: 1 },
    ]);
    expect(
      await count(
        "SELECT count(*) AS n FROM notifications WHERE kind = 'account.invite' AND recipient_id IN (SELECT id FROM users WHERE email LIKE 'new.%')",
      ),
    ).toBe(2);
    const page = await (await admin.get(`/imports/${id}`)).text();
    expect(page).toContain('An import cannot change this user.');
    expect(page).not.toContain('/invite/');
    expect(
      await count(
        "SELECT count(*) AS n FROM users WHERE email = 'director@example.com' AND name = 'Boss'",
      ),
    ).toBe(0);

    const manager = await signInAs('manager.east@example.com');
    const managerId = await uploaded(
      manager,
      { kind: 'users', regionId: 'reg_east' },
      `email,name,role,city\r\nboss2@example.com,Boss Two,manager,${shanghai.name}\r\n`,
    );
    const managerPreview = await (await manager.get(`/imports/${managerId}`)).text();
    await manager.post(`/imports/${managerId}/start`, selectedMapping(managerPreview));
    expect(await runToEnd(managerId)).toMatchObject({ created_count: 0, error_count: 1 });
    expect(await (await manager.get(`/imports/${managerId}`)).text()).toContain(
      'You cannot import users of this role.',
    );
  });
});

describe('reading the file', () => {
  it("decodes Excel's Chinese CSV (GBK) and refuses a file it cannot read", async () => {
    const admin = await signInAs('admin@example.com');
    // "客户名称,手机\r\n上海贸易,13800000000\r\n" in GBK.
    const gbk = new Uint8Array(
      'bfcdbba7c3fbb3c62ccad6bbfa0d0ac9cfbaa3c3b3d2d72c31333830303030303030300d0a'
        .match(/../g)!
        .map((b) => parseInt(b, 16)),
    );
    const id = await uploaded(admin, { kind: 'customers', regionId: 'reg_east' }, gbk);
    const preview = await (await admin.get(`/imports/${id}`)).text();
    expect(preview).toContain('<label for="column-0">客户名称</label>');
    expect(preview).toContain('<td>上海贸易</td>');
    expect(preview).toContain('gb18030');

    const refused = await upload(
      admin,
      { kind: 'customers', regionId: 'reg_east' },
      new Uint8Array([0x61, 0x81, 0x20, 0x62]),
    );
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('CSV UTF-8 (Comma delimited)');
  });

  it('says which required fields have no column, and does not start', async () => {
    const admin = await signInAs('admin@example.com');
    const id = await uploaded(
      admin,
      { kind: 'customers', regionId: 'reg_east' },
      'Firma,Ort\nA,Shanghai\n',
    );
    const response = await admin.post(`/imports/${id}/start`, {
      'column-0': 'name',
      'column-1': '',
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('Choose a column for each required field: City.');
    expect((await importRow(id))!.status).toBe('preview');
  });
});
