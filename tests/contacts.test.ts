import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { call, ORIGIN, signInAs, type Browser } from './helpers/http';
import { customerOf, seedTinyCompany } from './helpers/seed';

let data: SeedData;
let rep: Browser;
let customerId: string;

/** The contacts section of the customer page, as the person sees it. */
async function contactsSection(browser: Browser, id = customerId) {
  const html = await (await browser.get(`/customers/${id}`)).text();
  const start = html.indexOf('<section class="card" id="contacts">');
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
}

const contactRow = (section: string, name: string) => {
  const at = section.indexOf(`<span class="row-title">${name}</span>`);
  return at === -1 ? null : section.slice(at, section.indexOf('</li>', at));
};

async function contactNamed(name: string) {
  return env.DB.prepare('SELECT * FROM contacts WHERE name = ?').bind(name).first<{
    id: string;
    customer_id: string;
    title: string | null;
    decision_role: string | null;
    archived_at: number | null;
  }>();
}

async function auditOf(subjectId: string) {
  const { results } = await env.DB.prepare(
    'SELECT action, customer_id, actor_id, detail FROM audit_log WHERE subject_id = ? ORDER BY created_at, rowid',
  )
    .bind(subjectId)
    .all<{ action: string; customer_id: string; actor_id: string; detail: string }>();
  return results.map((row) => ({
    ...row,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  }));
}

beforeAll(async () => {
  data = await seedTinyCompany();
  rep = await signInAs('rep.east1@example.com');
  customerId = customerOf(data, 'usr_rep_east1').id;
  // Start from a known chain: the seed's contacts of this customer leave.
  await env.DB.prepare('UPDATE contacts SET archived_at = 1 WHERE customer_id = ?')
    .bind(customerId)
    .run();
});

describe('contacts on the customer page', () => {
  it('adds a contact with a decision role, shown with its label in English and Chinese', async () => {
    const added = await rep.submit(`/customers/${customerId}/contacts/new`, {
      name: 'Wang Fang',
      title: 'Head of purchasing',
      phone: '+86 138 0000 1111',
      email: 'Wang.Fang@Example.cn',
      decisionRole: 'purchasing',
      isPrimary: 'on',
    });
    expect(added.status).toBe(303);
    const location = added.headers.get('location')!;
    expect(location).toBe(`/customers/${customerId}?contact=added#contacts`);
    const html = await (await rep.get(location.replace(/#.*/, ''))).text();
    expect(html).toContain('Contact added.');
    const row = contactRow(await contactsSection(rep), 'Wang Fang')!;
    expect(row).toContain('<span class="tag">Purchasing</span>');
    expect(row).toContain('<span class="tag">Primary</span>');
    expect(row).toContain('wang.fang@example.cn');
    const stored = (await contactNamed('Wang Fang'))!;
    expect(stored.decision_role).toBe('purchasing');
    const audit = await auditOf(stored.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'contact.added',
      customer_id: customerId,
      actor_id: 'usr_rep_east1',
    });
  });

  it('shows the role label and the chain in Chinese', async () => {
    const manager = await signInAs('manager.east@example.com');
    await manager.post('/settings/locale', { locale: 'zh-CN', next: '/customers' });
    const html = await (await manager.get(`/customers/${customerId}`)).text();
    expect(html).toContain('<html lang="zh-CN">');
    const section = html.slice(html.indexOf('id="contacts"'));
    expect(contactRow(section, 'Wang Fang')).toContain('<span class="tag">采购</span>');
    expect(section).toContain('决策链：已覆盖 1/4 个角色');
    expect(section).toContain('缺少：决策人、影响人、使用人');
  });

  it('counts the decision chain and names the missing roles', async () => {
    const section = await contactsSection(rep);
    expect(section).toContain('Decision chain: 1 of 4 roles covered');
    expect(section).toContain('missing: Decision maker, Influencer, User');
  });

  it('refuses a contact without a name, with the message at the field, and adds nothing', async () => {
    const response = await rep.submit(`/customers/${customerId}/contacts/new`, {
      name: '  ',
      email: 'not-an-email',
      decisionRole: 'boss',
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(
      '<p class="error-text" id="name-error">Enter a name (up to 100 characters).</p>',
    );
    expect(html).toContain(
      '<p class="error-text" id="email-error">Enter a valid email address.</p>',
    );
    expect(html).toContain('id="decisionRole-error"');
    expect(html).toContain('value="not-an-email"');
  });

  it('adds one contact on a double submit', async () => {
    const page = await (await rep.get(`/customers/${customerId}/contacts/new`)).text();
    const key = /name="submissionKey" value="([^"]+)"/.exec(page)![1]!;
    const fields = { submissionKey: key, name: 'Li Twice', decisionRole: 'user' };
    const first = await rep.post(`/customers/${customerId}/contacts/new`, fields);
    const second = await rep.post(`/customers/${customerId}/contacts/new`, fields);
    expect(first.headers.get('location')).toBe(second.headers.get('location'));
    const { n } = (await env.DB.prepare(
      "SELECT count(*) AS n FROM contacts WHERE name = 'Li Twice'",
    ).first<{ n: number }>())!;
    expect(n).toBe(1);
  });

  it('edits a contact, audited before → after', async () => {
    const contact = (await contactNamed('Wang Fang'))!;
    const form = await (
      await rep.get(`/customers/${customerId}/contacts/${contact.id}/edit`)
    ).text();
    expect(form).toContain('value="Head of purchasing"');
    const saved = await rep.post(`/customers/${customerId}/contacts/${contact.id}`, {
      name: 'Wang Fang',
      title: 'Purchasing director',
      decisionRole: 'decision_maker',
    });
    expect(saved.status).toBe(303);
    const row = contactRow(await contactsSection(rep), 'Wang Fang')!;
    expect(row).toContain('Purchasing director');
    expect(row).toContain('<span class="tag">Decision maker</span>');
    const audit = (await auditOf(contact.id)).find((entry) => entry.action === 'contact.updated')!;
    expect(audit.detail).toMatchObject({
      before: { title: 'Head of purchasing', decisionRole: 'purchasing' },
      after: { title: 'Purchasing director', decisionRole: 'decision_maker' },
    });
  });

  it('removes a contact with an undo, and restores it', async () => {
    const contact = (await contactNamed('Li Twice'))!;
    const removed = await rep.post(`/customers/${customerId}/contacts/${contact.id}/remove`);
    expect(removed.status).toBe(303);
    const location = removed.headers.get('location')!.replace(/#.*/, '');
    const html = await (await rep.get(location)).text();
    expect(contactRow(html.slice(html.indexOf('id="contacts"')), 'Li Twice')).toBeNull();
    expect(html).toContain('Contact removed.');
    const undo = `/customers/${customerId}/contacts/${contact.id}/restore`;
    expect(html).toContain(`action="${undo}"`);
    expect((await contactNamed('Li Twice'))!.archived_at).not.toBeNull();
    const restored = await rep.post(undo);
    expect(restored.status).toBe(303);
    expect(contactRow(await contactsSection(rep), 'Li Twice')).not.toBeNull();
    expect((await auditOf(contact.id)).map((entry) => entry.action)).toEqual([
      'contact.added',
      'contact.removed',
      'contact.restored',
    ]);
  });

  it('is not found for another rep, who changes nothing', async () => {
    const other = await signInAs('rep.east2@example.com');
    const contact = (await contactNamed('Wang Fang'))!;
    expect((await other.get(`/customers/${customerId}/contacts/new`)).status).toBe(404);
    expect((await other.get(`/customers/${customerId}/contacts/${contact.id}/edit`)).status).toBe(
      404,
    );
    const edit = await other.post(`/customers/${customerId}/contacts/${contact.id}`, {
      name: 'Hijacked',
    });
    expect(edit.status).toBe(404);
    expect(
      (await other.post(`/customers/${customerId}/contacts/${contact.id}/remove`)).status,
    ).toBe(404);
    const after = (await contactNamed('Wang Fang'))!;
    expect(after.archived_at).toBeNull();
    expect(await contactNamed('Hijacked')).toBeNull();
  });

  it('lets a business user read the contacts but not change them', async () => {
    const business = await signInAs('business.east@example.com');
    const section = await contactsSection(business);
    expect(contactRow(section, 'Wang Fang')).not.toBeNull();
    expect(section).not.toContain('/contacts/new');
    expect(section).not.toContain('/remove');
    const contact = (await contactNamed('Wang Fang'))!;
    expect((await business.get(`/customers/${customerId}/contacts/new`)).status).toBe(404);
    expect(
      (await business.post(`/customers/${customerId}/contacts/${contact.id}/remove`)).status,
    ).toBe(404);
  });

  it('lets the region’s manager edit', async () => {
    const manager = await signInAs('manager.east@example.com');
    expect(await contactsSection(manager)).toContain(`/customers/${customerId}/contacts/new`);
  });
});

describe('contacts API', () => {
  const headers = (key: string) => ({
    cookie: rep.cookie,
    'x-csrf-token': rep.csrfToken,
    'content-type': 'application/json',
    'idempotency-key': key,
  });

  it('creates (201), replays (200, same contact), changes and removes', async () => {
    const body = JSON.stringify({ customerId, name: 'Zhao Lei', decisionRole: 'influencer' });
    const create = () => fetchApi('POST', '/api/v1/contacts', body, headers('contact-key-0001'));
    const created = await create();
    expect(created.status).toBe(201);
    const contact = (await created.json()) as {
      id: string;
      decisionRole: string;
      customerId: string;
    };
    expect(contact).toMatchObject({ decisionRole: 'influencer', customerId });
    const replay = await create();
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(((await replay.json()) as { id: string }).id).toBe(contact.id);

    const patched = await fetchApi(
      'PATCH',
      `/api/v1/contacts/${contact.id}`,
      JSON.stringify({ title: 'CTO' }),
      headers('unused-key-0001'),
    );
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      name: 'Zhao Lei',
      title: 'CTO',
      decisionRole: 'influencer',
    });

    const bad = await fetchApi(
      'PATCH',
      `/api/v1/contacts/${contact.id}`,
      JSON.stringify({ email: 'x' }),
      headers('k'),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_request');

    const archived = await fetchApi(
      'POST',
      `/api/v1/contacts/${contact.id}/archive`,
      undefined,
      headers('k'),
    );
    expect(((await archived.json()) as { archivedAt: number | null }).archivedAt).not.toBeNull();
    const restored = await fetchApi(
      'POST',
      `/api/v1/contacts/${contact.id}/restore`,
      undefined,
      headers('k'),
    );
    expect(((await restored.json()) as { archivedAt: number | null }).archivedAt).toBeNull();
    expect(contactRow(await contactsSection(rep), 'Zhao Lei')).toContain('CTO');
  });

  it('is not found for a customer outside the caller’s edit scope', async () => {
    const other = await signInAs('rep.east2@example.com');
    const response = await fetchApi(
      'POST',
      '/api/v1/contacts',
      JSON.stringify({ customerId, name: 'Nope' }),
      {
        cookie: other.cookie,
        'x-csrf-token': other.csrfToken,
        'content-type': 'application/json',
        'idempotency-key': 'contact-key-0002',
      },
    );
    expect(response.status).toBe(404);
    expect(await contactNamed('Nope')).toBeNull();
  });
});

function fetchApi(
  method: string,
  path: string,
  body: string | undefined,
  headers: Record<string, string>,
) {
  return call(path, { method, body, headers: { origin: ORIGIN, ...headers } });
}
