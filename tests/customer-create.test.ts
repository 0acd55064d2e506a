import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { call, signInAs, submissionKeyIn, type Browser } from './helpers/http';
import { customerOf, seedTinyCompany } from './helpers/seed';

let data: SeedData;
let rep: Browser;
let token: string;

const REP = 'usr_rep_east1';

beforeAll(async () => {
  data = await seedTinyCompany();
  rep = await signInAs('rep.east1@example.com');
  const admin = await signInAs('admin@example.com');
  const issued = await admin.submit('/admin/api-tokens', {
    name: 'phone app',
    email: 'rep.east1@example.com',
  });
  const page = await (await admin.get(issued.headers.get('location')!)).text();
  token = /class="mono">(fwk_[\w-]+)</.exec(page)![1]!;
});

const repUser = () => data.users.find((u) => u.id === REP)!;
const otherCity = () =>
  data.cities.find((c) => c.regionId === repUser().regionId && c.id !== repUser().cityId)!;
let phoneCounter = 0;
/** A phone no seeded customer has. */
const freshPhone = () => `+86 188 0000 ${String(1000 + ++phoneCounter)}`;

/** Opens /customers/new as `who` and submits its form with the key it carries. */
async function createThroughForm(who: Browser, fields: Record<string, string>) {
  const html = await (await who.get('/customers/new')).text();
  return who.post('/customers', { submissionKey: submissionKeyIn(html, '/customers'), ...fields });
}

const heading = (html: string) => /<h1>([^<]*)/.exec(html)?.[1]?.trim();
const customersNamed = async (name: string) =>
  (await env.DB.prepare('SELECT * FROM customers WHERE name = ?').bind(name).all()).results;

function api(path: string, init: { method: string; body?: unknown; key?: string }) {
  return call(path, {
    method: init.method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(init.key ? { 'idempotency-key': init.key } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

describe('creating a customer from the phone', () => {
  it('the list and the rep home offer "New customer"; the form preselects the rep’s city', async () => {
    expect(await (await rep.get('/customers')).text()).toContain('href="/customers/new"');
    expect(await (await rep.get('/rep')).text()).toContain('href="/customers/new"');
    const form = await (await rep.get('/customers/new')).text();
    expect(form).toContain(`<option value="${repUser().cityId}" selected="">`);
    expect(form).not.toContain(`value="${otherCity().id}"`);
    expect(form).toContain('name="contact.name"');
  });

  it('a rep creates a customer with a first contact; it reads back on its page and in the API', async () => {
    const phone = freshPhone();
    const response = await createThroughForm(rep, {
      name: 'Harbor Lights Trading',
      phone,
      cityId: repUser().cityId!,
      grade: 'B',
      industry: 'Logistics',
      'contact.name': 'Lin Mei',
      'contact.title': 'Buyer',
    });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/customers\/[\w-]+\?saved=created$/);
    const html = await (await rep.get(location)).text();
    expect(heading(html)).toBe('Harbor Lights Trading');
    expect(html).toContain('Customer saved.');
    expect(html).toContain(`href="tel:${phone}"`);
    expect(html).toContain('Shanghai');
    expect(html).toMatch(
      /<li id="contact-[^"]+"><span class="row-title">Lin Mei<\/span>[^]*? · Buyer/,
    );
    const id = location.split('/')[2]!.split('?')[0]!;
    const json = (await (await api(`/api/v1/customers/${id}`, { method: 'GET' })).json()) as {
      name: string;
      ownerId: string;
      cityId: string;
    };
    expect(json).toMatchObject({
      name: 'Harbor Lights Trading',
      ownerId: REP,
      cityId: repUser().cityId,
    });
    const audit = await env.DB.prepare(
      "SELECT customer_id FROM audit_log WHERE action = 'customer.created' AND subject_id = ?",
    )
      .bind(id)
      .first<{ customer_id: string }>();
    expect(audit?.customer_id).toBe(id);
  });

  it('shows each field’s problem and keeps what was typed', async () => {
    const response = await createThroughForm(rep, {
      name: '',
      phone: 'call me',
      email: 'not-an-email',
      cityId: repUser().cityId!,
      'contact.title': 'Buyer',
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toMatch(/id="name-error">Enter the customer’s name/);
    expect(html).toMatch(/id="phone-error">Enter a phone number/);
    expect(html).toMatch(/id="email-error">Enter a valid email address/);
    expect(html).toMatch(/id="contact.name-error">Enter the contact’s name/);
    expect(html).toContain('value="not-an-email"');
  });

  it('a double submit creates one customer', async () => {
    const html = await (await rep.get('/customers/new')).text();
    const fields = {
      submissionKey: submissionKeyIn(html, '/customers'),
      name: 'Twice Tapped Foods',
      phone: freshPhone(),
      cityId: repUser().cityId!,
    };
    const [first, second] = [
      await rep.post('/customers', fields),
      await rep.post('/customers', fields),
    ];
    expect(first.status).toBe(303);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(await customersNamed('Twice Tapped Foods')).toHaveLength(1);
  });

  it('a rep cannot create in another city or for another rep; nothing is written', async () => {
    const inOtherCity = await createThroughForm(rep, {
      name: 'Elsewhere Co',
      phone: freshPhone(),
      cityId: otherCity().id,
    });
    expect(inOtherCity.status).toBe(422);
    expect(await inOtherCity.text()).toMatch(
      /id="cityId-error">You cannot create or move a customer there/,
    );
    const forOther = await createThroughForm(rep, {
      name: 'Elsewhere Co',
      phone: freshPhone(),
      cityId: repUser().cityId!,
      ownerId: 'usr_rep_east2',
    });
    expect(forOther.status).toBe(422);
    expect(await customersNamed('Elsewhere Co')).toHaveLength(0);
  });

  it('a manager creates a customer for a rep of the region; business, legal and admin cannot', async () => {
    const manager = await signInAs('manager.east@example.com');
    const form = await (await manager.get('/customers/new')).text();
    expect(form).toContain('name="ownerId"');
    const response = await createThroughForm(manager, {
      name: 'Managed Intake Ltd',
      phone: freshPhone(),
      cityId: otherCity().id,
      ownerId: 'usr_rep_east2',
    });
    expect(response.status).toBe(303);
    const [row] = (await customersNamed('Managed Intake Ltd')) as {
      owner_id: string;
      city_id: string;
    }[];
    expect(row).toMatchObject({ owner_id: 'usr_rep_east2', city_id: otherCity().id });

    for (const email of ['business.east@example.com', 'admin@example.com']) {
      const user = await signInAs(email);
      expect((await user.get('/customers/new')).status).toBe(403);
      const refused = await user.post('/customers', {
        submissionKey: crypto.randomUUID(),
        name: 'Not Allowed Co',
        phone: freshPhone(),
        cityId: repUser().cityId!,
      });
      expect(refused.status).toBe(403);
    }
    expect(await customersNamed('Not Allowed Co')).toHaveLength(0);
  });
});

describe('possible duplicates', () => {
  it('the as-you-type check lists an existing customer with the same phone, with a link', async () => {
    const existing = customerOf(data, REP);
    const query = new URLSearchParams({
      name: 'Someone New',
      phone: existing.phone!.replace(/(\d{3})(\d{4})/, '$1 $2-'),
      cityId: repUser().cityId!,
    });
    const response = await rep.get(`/customers/duplicates?${query}`, { 'hx-request': 'true' });
    const html = await response.text();
    expect(html).not.toContain('<html');
    expect(html).toContain(`<a href="/customers/${existing.id}">${existing.name}</a>`);
    expect(html).toContain('same phone');
  });

  it('on submit, a duplicate re-renders the form with it and "Create anyway", which then creates', async () => {
    const existing = customerOf(data, REP);
    const fields = {
      name: existing.name.toUpperCase(),
      phone: freshPhone(),
      cityId: existing.cityId,
    };
    const warned = await createThroughForm(rep, fields);
    expect(warned.status).toBe(422);
    const html = await warned.text();
    expect(html).toContain(`href="/customers/${existing.id}"`);
    expect(html).toContain('same name in this city');
    expect(html).toContain('name="confirmDuplicate" value="1"');
    const before = (await customersNamed(existing.name.toUpperCase())).length;
    const confirmed = await rep.post('/customers', {
      submissionKey: submissionKeyIn(html, '/customers'),
      ...fields,
      confirmDuplicate: '1',
    });
    expect(confirmed.status).toBe(303);
    expect(await customersNamed(existing.name.toUpperCase())).toHaveLength(before + 1);
  });

  it('a form queued offline is saved once and its page lists the possible duplicate', async () => {
    const existing = customerOf(data, REP);
    const html = await (await rep.get('/customers/new')).text();
    const fields = {
      submissionKey: submissionKeyIn(html, '/customers'),
      name: 'Offline Twin Ltd',
      phone: existing.phone!,
      cityId: repUser().cityId!,
      queuedOffline: '1',
    };
    const first = await rep.post('/customers', fields);
    const replay = await rep.post('/customers', fields);
    expect(first.status).toBe(303);
    const location = first.headers.get('location')!;
    expect(location).toMatch(/\?saved=created&duplicates=1$/);
    expect(replay.headers.get('location')).toBe(location);
    expect(await customersNamed('Offline Twin Ltd')).toHaveLength(1);
    const page = await (await rep.get(location)).text();
    expect(heading(page)).toBe('Offline Twin Ltd');
    expect(page).toContain('Saved from the offline queue');
    expect(page).toContain(`<a href="/customers/${existing.id}">${existing.name}</a>`);
  });
});

describe('POST /api/v1/customers', () => {
  it('creates (201), and a replay of the key answers 200 with the same customer', async () => {
    const key = crypto.randomUUID();
    const body = {
      name: 'Api Made Co',
      phone: freshPhone(),
      cityId: repUser().cityId,
      contact: { name: 'Zhao Lei' },
    };
    const first = await api('/api/v1/customers', { method: 'POST', body, key });
    expect(first.status).toBe(201);
    const created = (await first.json()) as {
      id: string;
      name: string;
      contacts: { name: string }[];
    };
    expect(created).toMatchObject({ name: 'Api Made Co', contacts: [{ name: 'Zhao Lei' }] });
    const replay = await api('/api/v1/customers', { method: 'POST', body, key });
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { id: string }).id).toBe(created.id);
    const read = (await (
      await api(`/api/v1/customers/${created.id}`, { method: 'GET' })
    ).json()) as Record<string, unknown>;
    expect(read).toMatchObject({
      id: created.id,
      name: 'Api Made Co',
      ownerId: REP,
      cityName: 'Shanghai',
    });
    expect(await customersNamed('Api Made Co')).toHaveLength(1);
    // The 201 body is the customer as GET shows it: the same fields, the same derived values.
    const shown = created as unknown as Record<string, unknown>;
    expect(Object.keys(shown).sort()).toEqual(Object.keys(read).sort());
    for (const field of ['timeZone', 'decisionChain', 'mayEditContacts', 'mayCreate', 'mayAddDeal'])
      expect(shown[field], field).toEqual(read[field]);
  });

  it('answers 409 possible_duplicate with the existing customer, and creates with allowDuplicate', async () => {
    const existing = customerOf(data, REP);
    const body = { name: 'Dup Via Api', phone: existing.phone, cityId: repUser().cityId };
    const refused = await api('/api/v1/customers', {
      method: 'POST',
      body,
      key: crypto.randomUUID(),
    });
    expect(refused.status).toBe(409);
    const error = (await refused.json()) as {
      error: { code: string; details: { id: string; reasons: string[] }[] };
    };
    expect(error.error.code).toBe('possible_duplicate');
    expect(error.error.details).toContainEqual(
      expect.objectContaining({ id: existing.id, reasons: ['phone'] }),
    );
    expect(await customersNamed('Dup Via Api')).toHaveLength(0);
    const allowed = await api('/api/v1/customers', {
      method: 'POST',
      body: { ...body, allowDuplicate: true },
      key: crypto.randomUUID(),
    });
    expect(allowed.status).toBe(201);
    expect(await customersNamed('Dup Via Api')).toHaveLength(1);
  });

  it('refuses bad fields with 422 naming each, and another city with nothing written', async () => {
    const bad = await api('/api/v1/customers', {
      method: 'POST',
      body: { name: '', phone: 'x', cityId: repUser().cityId },
      key: crypto.randomUUID(),
    });
    expect(bad.status).toBe(422);
    const error = (await bad.json()) as { error: { code: string; details: { path: string }[] } };
    expect(error.error.code).toBe('invalid_customer');
    expect(error.error.details.map((d) => d.path).sort()).toEqual(['name', 'phone']);
    const elsewhere = await api('/api/v1/customers', {
      method: 'POST',
      body: { name: 'Api Elsewhere', phone: freshPhone(), cityId: otherCity().id },
      key: crypto.randomUUID(),
    });
    expect(elsewhere.status).toBe(422);
    expect(await customersNamed('Api Elsewhere')).toHaveLength(0);
  });
});
