import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import {
  apiCaller,
  call,
  issueApiToken,
  signInAs,
  submissionKeyIn,
  type ApiCall,
  type Browser,
} from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

let data: SeedData;
let rep: Browser;

beforeAll(async () => {
  data = await seedTinyCompany();
  rep = await signInAs('rep.east1@example.com');
});

/** A customer of rep.east1 without seeded orders, so the figures are the test's own. */
function freshCustomer(skip = 0) {
  const withOrders = new Set(data.orders.map((o) => o.customerId));
  return data.customers.filter((c) => c.ownerId === 'usr_rep_east1' && !withOrders.has(c.id))[
    skip
  ]!;
}
const DAY = 86_400_000;
const shanghaiDay = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);
const heading = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];

/** Opens the new-order form and posts it (to /customers/:id/orders) with its submission key. */
async function placeOrder(customerId: string, fields: Record<string, string>) {
  const action = `/customers/${customerId}/orders`;
  const form = await (await rep.get(`${action}/new`)).text();
  return rep.post(action, {
    submissionKey: submissionKeyIn(form, action),
    orderedDate: '2026-03-05',
    currency: 'CNY',
    ...fields,
  });
}

async function orderRow(id: string) {
  return (await env.DB.prepare('SELECT * FROM orders WHERE id = ?')
    .bind(id)
    .first<Record<string, unknown>>())!;
}

const orderIdFrom = (response: Response) =>
  /\/orders\/([^?]+)/.exec(response.headers.get('location') ?? '')![1]!;

describe('orders on the customer page', () => {
  it('creates an order of two lines whose amount is their sum, and reads it back', async () => {
    const customer = freshCustomer();
    const response = await placeOrder(customer.id, {
      'lines.0.product': 'Sensor kit',
      'lines.0.quantity': '3',
      'lines.0.unitPrice': '1,200.50',
      'lines.1.product': 'Install',
      'lines.1.quantity': '1',
      'lines.1.unitPrice': '800',
    });
    expect(response.status).toBe(303);
    const id = orderIdFrom(response);
    expect(await orderRow(id)).toMatchObject({
      amount_cents: 440_150,
      status: 'placed',
      customer_id: customer.id,
      owner_id: 'usr_rep_east1',
      ordered_at: Date.UTC(2026, 2, 4, 16),
    });
    const { results: lines } = await env.DB.prepare(
      'SELECT product, quantity, unit_price_cents FROM order_lines WHERE order_id = ? ORDER BY position',
    )
      .bind(id)
      .all();
    expect(lines).toEqual([
      { product: 'Sensor kit', quantity: 3, unit_price_cents: 120_050 },
      { product: 'Install', quantity: 1, unit_price_cents: 80_000 },
    ]);
    const html = await (await rep.get(`/orders/${id}`)).text();
    expect(heading(html)).toBe('Order of Mar 5, 2026');
    expect(html).toContain('<strong class="order-total">CN¥4,402</strong>');
    expect(html).toContain('Sensor kit · 3 × CN¥1,201');
    const customerPage = await (await rep.get(`/customers/${customer.id}`)).text();
    expect(customerPage).toContain(`href="/orders/${id}"`);
    const audit = await env.DB.prepare(
      "SELECT customer_id FROM audit_log WHERE action = 'order.created' AND subject_id = ?",
    )
      .bind(id)
      .first();
    expect(audit).toEqual({ customer_id: customer.id });
  });

  it('places an order under a contract from the contract’s page, listed there', async () => {
    const customer = freshCustomer(4);
    const contract = { id: 'ctr_orders_test', customerId: customer.id };
    await env.DB.prepare(
      `INSERT INTO contracts (id, number, customer_id, owner_id, region_id, skus, amount_cents, start_at, end_at, payment_terms, created_at)
       VALUES (?, 'HT-ORDERS-1', ?, 'usr_rep_east1', 'reg_east', '[]', 100000, ?, ?, 'Net 30', ?)`,
    )
      .bind(contract.id, customer.id, Date.now() - DAY, Date.now() + 300 * DAY, Date.now())
      .run();
    const contractPage = await (await rep.get(`/contracts/${contract.id}`)).text();
    const newOrder = `/customers/${contract.customerId}/orders/new?contractId=${contract.id}`;
    expect(contractPage).toContain(`href="${newOrder.replace(/&/g, '&amp;')}"`);
    const form = await (await rep.get(newOrder)).text();
    expect(form).toContain(`<option value="${contract.id}" selected="">`);
    const response = await placeOrder(contract.customerId, {
      contractId: contract.id,
      'lines.0.product': 'Renewal kit',
      'lines.0.quantity': '1',
      'lines.0.unitPrice': '10',
    });
    const id = orderIdFrom(response);
    expect(await orderRow(id)).toMatchObject({ contract_id: contract.id });
    expect(await (await rep.get(`/contracts/${contract.id}`)).text()).toContain(
      `href="/orders/${id}"`,
    );
    const foreign = data.contracts.find((c) => c.customerId !== contract.customerId)!;
    const refused = await placeOrder(contract.customerId, {
      contractId: foreign.id,
      'lines.0.product': 'Renewal kit',
      'lines.0.quantity': '1',
      'lines.0.unitPrice': '10',
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain(
      'That contract is not one of this customer’s contracts.',
    );
  });

  it('refuses a quantity of 0 and an order without lines with field errors', async () => {
    const customer = freshCustomer();
    const zero = await placeOrder(customer.id, {
      'lines.0.product': 'Sensor kit',
      'lines.0.quantity': '0',
      'lines.0.unitPrice': '10',
    });
    expect(zero.status).toBe(422);
    expect(await zero.text()).toContain(
      'id="lines.0.quantity-error">The quantity must be a whole number of at least 1.',
    );
    const none = await placeOrder(customer.id, {});
    expect(none.status).toBe(422);
    expect(await none.text()).toContain(
      'id="lines-error">Add at least one line with a product, a quantity and a unit price.',
    );
  });

  it('adds a line row without JavaScript and keeps what was typed, saving nothing', async () => {
    const customer = freshCustomer();
    const count = async () =>
      (await env.DB.prepare('SELECT count(*) AS n FROM orders WHERE customer_id = ?')
        .bind(customer.id)
        .first<{ n: number }>())!.n;
    const before = await count();
    const response = await placeOrder(customer.id, {
      'lines.0.product': 'Sensor kit',
      addLine: '1',
      lineRows: '3',
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('name="lines.3.product"');
    expect(html).toContain('name="lines.0.product" type="text" value="Sensor kit"');
    expect(await count()).toBe(before);
  });

  it('shows the on-time payment rate from payments added and marked paid', async () => {
    const customer = freshCustomer(1);
    const before = await (await rep.get(`/customers/${customer.id}`)).text();
    expect(before).toContain('Payments on time (12 months): none due yet');
    const response = await placeOrder(customer.id, {
      'lines.0.product': 'Sensor kit',
      'lines.0.quantity': '1',
      'lines.0.unitPrice': '100',
    });
    const id = orderIdFrom(response);
    const now = Date.now();
    // Two payments already due: one paid on time, one paid late.
    for (const due of [now - 20 * DAY, now - 10 * DAY])
      expect(
        (await rep.post(`/orders/${id}/payments`, { amount: '50', dueDate: shanghaiDay(due) }))
          .status,
      ).toBe(303);
    const { results: rows } = await env.DB.prepare(
      'SELECT id, due_at FROM payments WHERE order_id = ? ORDER BY due_at',
    )
      .bind(id)
      .all<{ id: string; due_at: number }>();
    expect(rows).toHaveLength(2);
    await rep.post(`/orders/${id}/payments/${rows[0]!.id}/paid`, {
      paidDate: shanghaiDay(now - 21 * DAY),
    });
    await rep.post(`/orders/${id}/payments/${rows[1]!.id}/paid`, {
      paidDate: shanghaiDay(now - 2 * DAY),
    });
    const page = await (await rep.get(`/customers/${customer.id}`)).text();
    expect(page).toContain('<p class="on-time-rate">Payments on time (12 months): 50%</p>');
    const twice = await rep.post(`/orders/${id}/payments/${rows[0]!.id}/paid`, {
      paidDate: shanghaiDay(now),
    });
    expect(twice.status).toBe(422);
    expect(await twice.text()).toContain('This payment is already marked paid.');
  });

  it('marks an order delivered (dated), and refuses another rep and business', async () => {
    const customer = freshCustomer(2);
    const id = orderIdFrom(
      await placeOrder(customer.id, {
        'lines.0.product': 'Gateway',
        'lines.0.quantity': '2',
        'lines.0.unitPrice': '10',
      }),
    );
    expect((await rep.post(`/orders/${id}/status`, { status: 'delivered' })).status).toBe(303);
    const row = await orderRow(id);
    expect(row.status).toBe('delivered');
    expect(row.delivered_at).toBeGreaterThan(Date.now() - 60_000);
    const html = await (await rep.get(`/orders/${id}`)).text();
    expect(html).toContain('<p class="delivered">Delivered on ');
    const back = await rep.post(`/orders/${id}/status`, { status: 'cancelled' });
    expect(back.status).toBe(422);
    const other = await signInAs('rep.east2@example.com');
    expect((await other.get(`/orders/${id}`)).status).toBe(404);
    expect((await other.post(`/orders/${id}/archive`)).status).toBe(404);
    // Business reads the region's orders but does not change them.
    const business = await signInAs('business.east@example.com');
    expect((await business.get(`/orders/${id}`)).status).toBe(200);
    expect((await business.post(`/orders/${id}/archive`)).status).toBe(404);
  });

  it('archives out of the customer page and restores', async () => {
    const customer = freshCustomer(2);
    const id = orderIdFrom(
      await placeOrder(customer.id, {
        'lines.0.product': 'Gateway',
        'lines.0.quantity': '1',
        'lines.0.unitPrice': '10',
      }),
    );
    expect((await rep.post(`/orders/${id}/archive`)).status).toBe(303);
    expect(await (await rep.get(`/customers/${customer.id}`)).text()).not.toContain(
      `href="/orders/${id}"`,
    );
    expect((await rep.post(`/orders/${id}/restore`)).status).toBe(303);
    expect(await (await rep.get(`/customers/${customer.id}`)).text()).toContain(
      `href="/orders/${id}"`,
    );
  });
});

describe('/api/v1/orders', () => {
  let api: ApiCall;
  beforeAll(async () => {
    api = apiCaller(await issueApiToken('rep.east1@example.com', 'orders app'));
  });

  it('creates once per key, replays 200, patches and records payments', async () => {
    const customer = freshCustomer(3);
    const key = crypto.randomUUID();
    const body = {
      customerId: customer.id,
      orderedAt: '2026-04-01',
      currency: 'CNY',
      lines: [
        { product: 'Sensor kit', quantity: 2, unitPriceCents: 10_000 },
        { product: 'Install', quantity: 1, unitPriceCents: 5_000 },
      ],
      paymentDueAt: '2026-05-01',
    };
    const first = await api('/orders', 'POST', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; paymentId: string };
    expect(created).toMatchObject({ amountCents: 25_000, status: 'placed' });
    const replay = await api('/orders', 'POST', body, { 'idempotency-key': key });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual(created);
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM orders WHERE customer_id = ?')
        .bind(customer.id)
        .first(),
    ).toEqual({ n: 1 });

    const patched = await api(`/orders/${created.id}`, 'PATCH', {
      lines: [{ product: 'Sensor kit', quantity: 5, unitPriceCents: 10_000 }],
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      amountCents: 50_000,
      lines: [{ product: 'Sensor kit', quantity: 5 }],
    });
    const delivered = await api(`/orders/${created.id}`, 'PATCH', { status: 'delivered' });
    expect(
      Date.parse(((await delivered.json()) as { deliveredAt: string }).deliveredAt),
    ).toBeGreaterThan(Date.now() - 60_000);

    const paid = await api(`/orders/${created.id}/payments/${created.paymentId}`, 'PATCH', {
      paidAt: '2026-04-28',
    });
    expect(paid.status).toBe(200);
    expect(await paid.json()).toMatchObject({
      payments: [{ id: created.paymentId, paidAt: '2026-04-28T00:00:00.000+08:00' }],
    });
    const added = await api(`/orders/${created.id}/payments`, 'POST', {
      amountCents: 1_000,
      dueAt: '2026-06-01',
    });
    expect(added.status).toBe(201);
  });

  it('answers 400 for bad lines and 404 outside scope', async () => {
    const customer = freshCustomer(3);
    for (const lines of [[], [{ product: 'Kit', quantity: 0, unitPriceCents: 1 }]]) {
      const response = await api(
        '/orders',
        'POST',
        { customerId: customer.id, orderedAt: '2026-04-01', currency: 'CNY', lines },
        { 'idempotency-key': crypto.randomUUID() },
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid_request' } });
    }
    const foreign = data.orders.find((o) => o.ownerId !== 'usr_rep_east1')!;
    expect((await api(`/orders/${foreign.id}`, 'GET')).status).toBe(404);
    expect((await api(`/orders/${foreign.id}`, 'PATCH', { status: 'cancelled' })).status).toBe(404);
  });

  it('moves an order under a current contract of its own customer only', async () => {
    // The API tests' customer: the listing test below needs one without orders.
    const customer = freshCustomer(3);
    const insertContract = (id: string, archivedAt: number | null) =>
      env.DB.prepare(
        `INSERT INTO contracts (id, number, customer_id, owner_id, region_id, skus, amount_cents, start_at, end_at, payment_terms, created_at, archived_at)
         VALUES (?, ?, ?, 'usr_rep_east1', 'reg_east', '[]', 100000, ?, ?, 'Net 30', ?, ?)`,
      )
        .bind(
          id,
          `HT-${id}`,
          customer.id,
          Date.now() - DAY,
          Date.now() + 300 * DAY,
          Date.now(),
          archivedAt,
        )
        .run();
    await insertContract('ctr_patch_own', null);
    await insertContract('ctr_patch_archived', Date.now());
    const created = (await (
      await api(
        '/orders',
        'POST',
        {
          customerId: customer.id,
          orderedAt: '2026-04-01',
          currency: 'CNY',
          lines: [{ product: 'Kit', quantity: 1, unitPriceCents: 100 }],
        },
        { 'idempotency-key': crypto.randomUUID() },
      )
    ).json()) as { id: string };
    const foreign = data.contracts.find((c) => c.customerId !== customer.id)!;
    for (const contractId of [foreign.id, 'ctr_patch_archived']) {
      const refused = await api(`/orders/${created.id}`, 'PATCH', { contractId });
      expect(refused.status).toBe(422);
      expect(await refused.json()).toMatchObject({
        error: { code: 'order_refused', details: { field: 'contractId' } },
      });
    }
    const moved = await api(`/orders/${created.id}`, 'PATCH', { contractId: 'ctr_patch_own' });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ contractId: 'ctr_patch_own' });
  });

  it('lists one customer’s current orders newest first, a page at a time, within scope only', async () => {
    // A customer no other test has placed orders for.
    const customer = (await env.DB.prepare(
      "SELECT id FROM customers WHERE owner_id = 'usr_rep_east1' AND id NOT IN (SELECT customer_id FROM orders) ORDER BY id DESC LIMIT 1",
    ).first<{ id: string }>())!;
    const ids: string[] = [];
    for (const orderedAt of ['2026-01-10', '2026-03-10', '2026-02-10']) {
      const response = await api(
        '/orders',
        'POST',
        {
          customerId: customer.id,
          orderedAt,
          currency: 'CNY',
          lines: [{ product: 'Kit', quantity: 1, unitPriceCents: 100 }],
        },
        { 'idempotency-key': crypto.randomUUID() },
      );
      ids.push(((await response.json()) as { id: string }).id);
    }
    await api(`/orders/${ids[0]}`, 'PATCH', { status: 'cancelled' });
    await env.DB.prepare('UPDATE orders SET archived_at = ? WHERE id = ?')
      .bind(Date.now(), ids[1])
      .run();
    type Page = {
      items: { id: string; customerId: string; status: string }[];
      nextCursor: string | null;
    };
    const first = (await (
      await api(`/orders?customerId=${customer.id}&limit=1`, 'GET')
    ).json()) as Page;
    expect(first.items.map((o) => o.id)).toEqual([ids[2]]);
    expect(first.nextCursor).not.toBeNull();
    const second = (await (
      await api(`/orders?customerId=${customer.id}&limit=1&cursor=${first.nextCursor}`, 'GET')
    ).json()) as Page;
    // The archived one has left; the cancelled one is still an order of the customer.
    expect(second).toEqual({
      items: [
        expect.objectContaining({ id: ids[0], customerId: customer.id, status: 'cancelled' }),
      ],
      nextCursor: null,
    });
    const foreign = data.orders.find((o) => o.ownerId !== 'usr_rep_east1')!;
    const theirs = (await (
      await api(`/orders?customerId=${foreign.customerId}`, 'GET')
    ).json()) as Page;
    expect(theirs).toEqual({ items: [], nextCursor: null });
    const all = (await (await api('/orders?limit=100', 'GET')).json()) as Page;
    expect(all.items.some((o) => o.id === foreign.id)).toBe(false);
    expect(all.items.some((o) => o.id === ids[2])).toBe(true);
    expect((await api('/orders?cursor=nonsense', 'GET')).status).toBe(400);
  });
});
