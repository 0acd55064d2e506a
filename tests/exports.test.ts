import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';
import { EXPORT_PAGE_ROWS } from '../worker/exports/export-rows';

/** RFC 4180 records (every field quoted, as the export writes them), BOM removed by the caller. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  return records;
}

type Csv = { header: string[]; rows: string[][]; raw: Uint8Array; response: Response };

async function download(get: (path: string) => Promise<Response>, path: string): Promise<Csv> {
  const response = await get(path);
  expect(response.status, path).toBe(200);
  const raw = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(raw);
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = parseCsv(text.slice(1));
  return { header: header!, rows, raw, response };
}

const column = (csv: Csv, name: string) => {
  const index = csv.header.indexOf(name);
  expect(index, name).toBeGreaterThanOrEqual(0);
  return csv.rows.map((row) => row[index]!);
};

async function ids(sql: string, ...params: string[]): Promise<string[]> {
  const { results } = await env.DB.prepare(sql)
    .bind(...params)
    .all<{ id: string }>();
  return results.map((r) => r.id).sort();
}

let rep: Browser;
let manager: Browser;
let business: Browser;
let token: string;

beforeAll(async () => {
  await seedTinyCompany();
  // More than two export pages of customers for the second east rep.
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO customers (id, name, region_id, city_id, owner_id, grade, industry, lifecycle_stage, created_at, updated_at)
     SELECT 'cus_bulk_' || printf('%05d', i), 'Bulk customer ' || i, region_id, city_id, id, 'C', 'retail', 'lead', 0, 0
     FROM users, n WHERE users.id = 'usr_rep_east2'`,
  )
    .bind(EXPORT_PAGE_ROWS * 2 + 7)
    .run();
  // A contract and an order of rep.east1's, so that the region's exports are not empty.
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO contracts (id, number, customer_id, owner_id, region_id, skus, amount_cents, start_at, end_at, payment_terms, currency, status, created_at)
       SELECT 'ctr_export', 'HT-EXPORT-1', id, owner_id, region_id, '[]', 12345067, 0, 86400000, 'Net 30', 'CNY', 'active', 0
       FROM customers WHERE owner_id = 'usr_rep_east1' ORDER BY id LIMIT 1`,
    ),
    env.DB.prepare(
      `INSERT INTO orders (id, customer_id, contract_id, owner_id, region_id, ordered_at, amount_cents, currency, status, created_at, updated_at)
       SELECT 'ord_export', customer_id, id, owner_id, region_id, 0, 500, 'CNY', 'placed', 0, 0
       FROM contracts WHERE id = 'ctr_export'`,
    ),
  ]);
  [rep, manager, business] = await Promise.all([
    signInAs('rep.east1@example.com'),
    signInAs('manager.east@example.com'),
    signInAs('business.east@example.com'),
  ]);
  const admin = await signInAs('admin@example.com');
  const issued = await admin.submit('/admin/api-tokens', {
    name: 'spreadsheet',
    email: 'rep.east1@example.com',
  });
  const page = await (await admin.get(issued.headers.get('location')!)).text();
  token = /class="mono">(fwk_[\w-]+)</.exec(page)![1]!;
});

describe('CSV exports', () => {
  it("gives a rep exactly their own live customers, none of another rep's", async () => {
    const csv = await download(rep.get, '/exports/customers.csv');
    const mine = await ids(
      "SELECT id FROM customers WHERE owner_id = 'usr_rep_east1' AND archived_at IS NULL",
    );
    expect(mine.length).toBeGreaterThan(0);
    expect(column(csv, 'ID').sort()).toEqual(mine);
    const names = await env.DB.prepare(
      "SELECT name FROM customers WHERE owner_id = 'usr_rep_east1' AND archived_at IS NULL",
    ).all<{ name: string }>();
    expect(column(csv, 'Name').sort()).toEqual(names.results.map((r) => r.name).sort());
    expect(column(csv, 'ID')).not.toContain('cus_bulk_00001');
    expect(csv.response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.response.headers.get('cache-control')).toBe('private, no-store');
    expect(csv.response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    // Times carry the region's offset (East: Shanghai).
    expect(column(csv, 'Created')[0]).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+\+08:00$/);
  });

  it("gives a manager the region's customers and contacts of only those customers", async () => {
    const customers = await download(manager.get, '/exports/customers.csv');
    expect(column(customers, 'ID').sort()).toEqual(
      await ids("SELECT id FROM customers WHERE region_id = 'reg_east' AND archived_at IS NULL"),
    );
    const contacts = await download(manager.get, '/exports/contacts.csv');
    expect(column(contacts, 'ID').sort()).toEqual(
      await ids(
        `SELECT contacts.id FROM contacts JOIN customers ON customers.id = contacts.customer_id
         WHERE customers.region_id = 'reg_east' AND contacts.archived_at IS NULL AND customers.archived_at IS NULL`,
      ),
    );
  });

  it('gives business the region’s customers and contracts, and refuses deals', async () => {
    const contracts = await download(business.get, '/exports/contracts.csv');
    const expected = await ids(
      "SELECT id FROM contracts WHERE region_id = 'reg_east' AND archived_at IS NULL",
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(column(contracts, 'ID').sort()).toEqual(expected);
    // Money as major units beside its currency.
    expect(column(contracts, 'Amount').every((a) => /^\d+\.\d{2}$/.test(a))).toBe(true);
    expect(column(contracts, 'Currency')).toContain('CNY');
    expect(
      contracts.rows.find((r) => r[0] === 'ctr_export')![contracts.header.indexOf('Amount')],
    ).toBe('123450.67');
    const customers = await download(business.get, '/exports/customers.csv');
    expect(column(customers, 'ID').sort()).toEqual(
      await ids("SELECT id FROM customers WHERE region_id = 'reg_east' AND archived_at IS NULL"),
    );
    const deals = await business.get('/exports/deals.csv');
    expect(deals.status).toBe(403);
    expect(await deals.text()).not.toContain('"ID"');
  });

  it('leaves archived customers out unless asked for', async () => {
    const [archived] = await ids(
      "SELECT id FROM customers WHERE owner_id = 'usr_rep_east1' ORDER BY id LIMIT 1",
    );
    await env.DB.prepare('UPDATE customers SET archived_at = 1 WHERE id = ?').bind(archived!).run();
    try {
      expect(column(await download(rep.get, '/exports/customers.csv'), 'ID')).not.toContain(
        archived,
      );
      const all = await download(rep.get, '/exports/customers.csv?archived=1');
      expect(column(all, 'ID')).toContain(archived);
      expect(column(all, 'Archived').some((at) => at.startsWith('1970-01-01T08:00'))).toBe(true);
    } finally {
      await env.DB.prepare('UPDATE customers SET archived_at = NULL WHERE id = ?')
        .bind(archived!)
        .run();
    }
  });

  it('writes a UTF-8 BOM and the header in Chinese for a zh-CN user', async () => {
    const chinese = await signInAs('rep.east2@example.com');
    await chinese.post('/settings/locale', { locale: 'zh-CN', next: '/rep' });
    const csv = await download(chinese.get, '/exports/customers.csv');
    expect([...csv.raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.header.slice(0, 4)).toEqual(['编号', '名称', '城市', '负责人']);
    // The city in the user's language too.
    expect(column(csv, '城市').every((city) => /[\u4e00-\u9fff]/.test(city))).toBe(true);
  });

  it('round-trips a name with a comma, a quote and a leading = without running it as a formula', async () => {
    const name = '=HYPERLINK("http://evil"), Co';
    const [target] = await ids(
      "SELECT id FROM customers WHERE owner_id = 'usr_rep_east1' AND archived_at IS NULL ORDER BY id LIMIT 1",
    );
    await env.DB.prepare('UPDATE customers SET name = ? WHERE id = ?').bind(name, target!).run();
    const csv = await download(rep.get, '/exports/customers.csv');
    const row = csv.rows.find((r) => r[0] === target)!;
    expect(row[csv.header.indexOf('Name')]).toBe(`'${name}`);
    expect(csv.rows.every((r) => r.length === csv.header.length)).toBe(true);
  });

  it('streams every row once across several keyset pages', async () => {
    const owned = await ids(
      "SELECT id FROM customers WHERE owner_id = 'usr_rep_east2' AND archived_at IS NULL",
    );
    expect(owned.length).toBeGreaterThan(EXPORT_PAGE_ROWS * 2);
    const csv = await download(
      (path) => call(path, { headers: { authorization: `Bearer ${token}` } }),
      '/api/v1/exports/customers.csv',
    );
    // The token acts as rep.east1: none of rep.east2's bulk rows.
    expect(column(csv, 'ID')).not.toContain('cus_bulk_00001');
    const second = await signInAs('rep.east2@example.com', undefined, '198.51.100.9');
    const all = await download(second.get, '/exports/customers.csv');
    const exported = all.rows.map((r) => r[0]!);
    expect(exported.length).toBe(owned.length);
    expect(new Set(exported).size).toBe(exported.length);
    expect([...exported].sort()).toEqual(owned);
  });

  it('answers on the API with a bearer token or a session, and 401 without either', async () => {
    const byToken = await download(
      (path) => call(path, { headers: { authorization: `Bearer ${token}` } }),
      '/api/v1/exports/orders.csv',
    );
    const bySession = await download(rep.get, '/api/v1/exports/orders.csv');
    const expected = await ids(
      "SELECT id FROM orders WHERE owner_id = 'usr_rep_east1' AND archived_at IS NULL",
    );
    expect(expected).toContain('ord_export');
    expect(column(byToken, 'ID').sort()).toEqual(expected);
    expect(
      byToken.rows.find((r) => r[0] === 'ord_export')![byToken.header.indexOf('Contract number')],
    ).toBe('HT-EXPORT-1');
    expect(column(bySession, 'ID').sort()).toEqual(expected);
    const deals = await download(rep.get, '/api/v1/exports/deals.csv');
    expect(column(deals, 'ID').sort()).toEqual(
      await ids("SELECT id FROM deals WHERE owner_id = 'usr_rep_east1' AND archived_at IS NULL"),
    );
    const anonymous = await call('/api/v1/exports/customers.csv');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe(
      'unauthenticated',
    );
  });

  it('links "Export CSV" from the customer and contract lists', async () => {
    const customers = await (await manager.get('/customers')).text();
    expect(customers).toMatch(
      /<a class="button secondary" href="\/exports\/customers\.csv" download[^>]*>Export CSV<\/a>/,
    );
    const contracts = await (await business.get('/contracts')).text();
    expect(contracts).toMatch(/href="\/exports\/contracts\.csv" download[^>]*>Export CSV</);
  });
});
