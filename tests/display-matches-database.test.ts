import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../worker/platform/i18n/en';
import { zhCN } from '../worker/platform/i18n/zh-CN';
import { signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

type CustomerRow = {
  id: string;
  name: string;
  owner_id: string;
  grade: string;
  industry: string;
  phone: string | null;
  city_id: string;
  health_score: number | null;
};
type Names = { owner: string; city: string; cityZh: string };

let rep: Browser;
let manager: Browser;
let customer: CustomerRow;
let names: Names;

/** Text as a person reads it: entities decoded, spaces collapsed. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

function fact(html: string, label: string): string | undefined {
  const match = new RegExp(`<dt>${label}</dt>\\s*<dd>([\\s\\S]*?)</dd>`).exec(html);
  return match ? text(match[1]!) : undefined;
}

/** The heading without its health badge. */
function heading(html: string): string | undefined {
  const match = /<h1>([\s\S]*?)<\/h1>/.exec(html);
  return match ? text(match[1]!.replace(/<span class="health[\s\S]*$/, '')) : undefined;
}

function title(html: string): string | undefined {
  const match = /<title>([\s\S]*?)<\/title>/.exec(html);
  return match ? text(match[1]!) : undefined;
}

beforeAll(async () => {
  await seedTinyCompany();
  rep = await signInAs('rep.east1@example.com');
  manager = await signInAs('manager.east@example.com');
  customer = (await env.DB.prepare(
    "SELECT * FROM customers WHERE owner_id = 'usr_rep_east1' ORDER BY id LIMIT 1",
  ).first<CustomerRow>())!;
  names = (await env.DB.prepare(
    'SELECT u.name AS owner, c.name AS city, c.name_zh AS cityZh FROM customers k JOIN users u ON u.id = k.owner_id JOIN cities c ON c.id = k.city_id WHERE k.id = ?',
  )
    .bind(customer.id)
    .first<Names>())!;
  // The bug this guards hid behind names that differ; make sure they do.
  expect(names.owner).not.toBe(customer.name);
});

describe('what people see matches the database', () => {
  it('the customer page names the customer, its owner and its city (English)', async () => {
    for (const browser of [rep, manager]) {
      const html = await (await browser.get(`/customers/${customer.id}`)).text();
      expect(heading(html)).toBe(customer.name);
      expect(title(html)).toContain(customer.name);
      expect(fact(html, en['customers.owner'])).toBe(names.owner);
      expect(fact(html, en['customers.city'])).toBe(names.city);
      expect(fact(html, en['customers.grade'])).toBe(customer.grade);
      expect(fact(html, en['customers.industry'])).toBe(customer.industry);
    }
  });

  it('the customer page shows the city’s Chinese name in zh-CN', async () => {
    const zh = await signInAs('rep.east2@example.com');
    await zh.post('/settings/locale', { locale: 'zh-CN', next: '/' });
    const own = (await env.DB.prepare(
      "SELECT k.id, k.name, c.name_zh AS cityZh, u.name AS owner FROM customers k JOIN cities c ON c.id = k.city_id JOIN users u ON u.id = k.owner_id WHERE k.owner_id = 'usr_rep_east2' LIMIT 1",
    ).first<{ id: string; name: string; cityZh: string; owner: string }>())!;
    const html = await (await zh.get(`/customers/${own.id}`)).text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(heading(html)).toBe(own.name);
    expect(fact(html, zhCN['customers.city'])).toBe(own.cityZh);
    expect(fact(html, zhCN['customers.owner'])).toBe(own.owner);
  });

  it('the log-visit page names the customer in its heading and title', async () => {
    const html = await (await rep.get(`/customers/${customer.id}/visits/new`)).text();
    const expected = en['visit.for'].replace('{customer}', customer.name);
    expect(heading(html)).toBe(expected);
    expect(title(html)).toContain(expected);
  });

  it('the API customer matches its row', async () => {
    const body = (await (await rep.get(`/api/v1/customers/${customer.id}`)).json()) as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({
      id: customer.id,
      name: customer.name,
      ownerId: customer.owner_id,
      cityId: customer.city_id,
      grade: customer.grade,
      industry: customer.industry,
      phone: customer.phone,
      healthScore: customer.health_score,
      ownerName: names.owner,
      cityName: names.city,
      cityNameZh: names.cityZh,
    });
  });

  it('customer list rows: each row’s name and city belong to the customer it links to', async () => {
    const html = await (await rep.get('/customers?limit=100')).text();
    const rows = [
      ...html.matchAll(
        /<a href="\/customers\/([^"/]+)"><span class="row-title">([^<]*)<\/span>[\s\S]*?<span class="muted">([^·]*)·/g,
      ),
    ];
    expect(rows.length).toBeGreaterThan(0);
    const { results } = await env.DB.prepare(
      "SELECT k.id, k.name, c.name AS city FROM customers k JOIN cities c ON c.id = k.city_id WHERE k.owner_id = 'usr_rep_east1'",
    ).all<{ id: string; name: string; city: string }>();
    const byId = new Map(results.map((r) => [r.id, r]));
    for (const [, id, name, city] of rows) {
      expect(text(name!)).toBe(byId.get(id!)?.name);
      expect(text(city!)).toBe(byId.get(id!)?.city);
    }
    const api = (await (await rep.get('/api/v1/customers?limit=100')).json()) as {
      items: { id: string; name: string; cityName: string }[];
    };
    for (const item of api.items)
      expect([item.name, item.cityName]).toEqual([
        byId.get(item.id)?.name,
        byId.get(item.id)?.city,
      ]);
  });

  it('expiring contracts, Today and the leads API name the rows they link to', async () => {
    const contracts = await (await rep.get('/rep/contracts')).text();
    const customerNames = new Map(
      (
        await env.DB.prepare('SELECT id, name FROM customers').all<{ id: string; name: string }>()
      ).results.map((r) => [r.id, r.name]),
    );
    for (const [, id, name] of contracts.matchAll(
      /<a href="\/customers\/([^"]+)">\s*<span class="row-title">([^<]*)<\/span>/g,
    ))
      expect(text(name!)).toBe(customerNames.get(id!));

    const today = (await (await rep.get('/api/v1/today')).json()) as {
      followUps: { customerId: string; customerName: string }[];
    };
    for (const row of today.followUps)
      expect(row.customerName).toBe(customerNames.get(row.customerId));

    const leads = (await (await manager.get('/api/v1/leads?limit=100')).json()) as {
      items: { name: string; assigneeId: string | null; assigneeName: string | null; id: string }[];
    };
    const userNames = new Map(
      (
        await env.DB.prepare('SELECT id, name FROM users').all<{ id: string; name: string }>()
      ).results.map((r) => [r.id, r.name]),
    );
    const leadNames = new Map(
      (
        await env.DB.prepare('SELECT id, name FROM leads').all<{ id: string; name: string }>()
      ).results.map((r) => [r.id, r.name]),
    );
    expect(leads.items.length).toBeGreaterThan(0);
    for (const lead of leads.items) {
      expect(lead.name).toBe(leadNames.get(lead.id));
      expect(lead.assigneeName).toBe(lead.assigneeId ? userNames.get(lead.assigneeId) : null);
    }
  });

  it('a task page read from the region wall names the task and the rep who claimed it', async () => {
    // Written to D1 before anything wakes West's wall, so the wall loads it through its joined query.
    const rep = (await env.DB.prepare(
      "SELECT id, name, city_id FROM users WHERE id = 'usr_rep_west1'",
    ).first<{ id: string; name: string; city_id: string }>())!;
    await env.DB.prepare(
      "INSERT INTO tasks (id, region_id, city_id, title, due_at, status, claimed_by, claimed_at, evidence_required, created_at) VALUES ('t-names', 'reg_west', ?, 'Count the shelf facings', ?, 'claimed', ?, ?, ?, 0)",
    )
      .bind(
        rep.city_id,
        Date.now() + 86_400_000,
        rep.id,
        Date.now(),
        JSON.stringify({ photo: false, position: false, note: true }),
      )
      .run();
    const west = await signInAs('manager.west@example.com');
    const html = await (await west.get('/tasks/t-names')).text();
    expect(heading(html)).toBe('Count the shelf facings');
    expect(text(html)).toContain(en['task.claimedBy'].replace('{name}', rep.name));
  });

  it('the signed-in identity is the user, not their region', async () => {
    const me = (await (await rep.get('/api/v1/me')).json()) as { id: string; name: string };
    const row = (await env.DB.prepare(
      "SELECT id, name FROM users WHERE email = 'rep.east1@example.com'",
    ).first<{ id: string; name: string }>())!;
    expect(me).toMatchObject(row);
  });
});
