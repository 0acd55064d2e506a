import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { buildNightlyReport } from '../queues/nightly-report';
import { localDay, localDayRange } from '../worker/platform/time/zones';
import { call, signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';
import { localInput, submitVisitForm, visitsOf } from './helpers/visits';

const DAY = 86_400_000;
let data: SeedData;
let rep: Browser;
let token: string;

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

const run = (sql: string, ...values: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...values)
    .run();

/** The rep's customers with an open deal, each with one such deal made stale. */
async function staleDealsOfRep(count: number) {
  const { results } = await env.DB.prepare(
    `SELECT c.id AS customerId, c.name, min(d.id) AS dealId FROM customers c
     JOIN deals d ON d.customer_id = c.id
     WHERE c.owner_id = 'usr_rep_east1' AND c.archived_at IS NULL AND d.archived_at IS NULL
       AND d.stage NOT IN ('won', 'lost')
     GROUP BY c.id ORDER BY c.id LIMIT ?`,
  )
    .bind(count)
    .all<{ customerId: string; name: string; dealId: string }>();
  expect(results).toHaveLength(count);
  for (const row of results)
    await run(
      'UPDATE deals SET last_progress_at = ? WHERE id = ?',
      Date.now() - 60 * DAY,
      row.dealId,
    );
  return results;
}

const staleListed = async (dealId: string) =>
  (await (await rep.get('/deals/stale')).text()).includes(`#deal-${dealId}"`);

describe('archived customers and deals leave the stale-deals list', () => {
  it('lists a stale deal until its customer, or the deal itself, is archived', async () => {
    const [ofArchivedCustomer, archivedDeal, live] = await staleDealsOfRep(3);
    for (const row of [ofArchivedCustomer!, archivedDeal!, live!])
      expect(await staleListed(row.dealId)).toBe(true);

    expect((await rep.post(`/customers/${ofArchivedCustomer!.customerId}/archive`)).status).toBe(
      303,
    );
    expect((await rep.post(`/deals/${archivedDeal!.dealId}/archive`)).status).toBe(303);

    expect(await staleListed(ofArchivedCustomer!.dealId)).toBe(false);
    expect(await staleListed(archivedDeal!.dealId)).toBe(false);
    expect(await staleListed(live!.dealId)).toBe(true);

    await rep.post(`/customers/${ofArchivedCustomer!.customerId}/restore`);
    expect(await staleListed(ofArchivedCustomer!.dealId)).toBe(true);
  });
});

describe('archived customers and contracts leave the nightly report', () => {
  it('counts no expiring contracts of archived customers, nor archived contracts', async () => {
    // The tiny seed's contracts are all in the south and the west.
    const region = (await env.DB.prepare(
      "SELECT id, time_zone AS timeZone FROM regions WHERE id = 'reg_south'",
    ).first<{ id: string; timeZone: string }>())!;
    const day = localDay(Date.now() - DAY, region.timeZone);
    const { end } = localDayRange(day, region.timeZone);
    const figures = async () => {
      await buildNightlyReport(env, { regionId: region.id, day });
      const row = await env.DB.prepare(
        'SELECT summary FROM reports WHERE region_id = ? AND period_day = ?',
      )
        .bind(region.id, day)
        .first<{ summary: string }>();
      return JSON.parse(row!.summary) as { expiringContracts: number };
    };
    // Three contracts of the region, first ending after the report's 30 days, then within them.
    const { results: moved } = await env.DB.prepare(
      'SELECT id FROM contracts WHERE region_id = ? AND archived_at IS NULL ORDER BY id LIMIT 3',
    )
      .bind(region.id)
      .all<{ id: string }>();
    expect(moved).toHaveLength(3);
    const endAll = (at: number) =>
      Promise.all(
        moved.map(({ id }) => run('UPDATE contracts SET end_at = ? WHERE id = ?', at, id)),
      );
    await endAll(end + 60 * DAY);
    const before = await figures();
    await endAll(end + 5 * DAY);
    const [archivedContract, ofArchivedCustomer] = moved;
    await run(
      'UPDATE contracts SET archived_at = ? WHERE id = ?',
      Date.now(),
      archivedContract!.id,
    );
    const customer = data.customers.find((c) => c.regionId === region.id)!;
    await run(
      'UPDATE contracts SET customer_id = ? WHERE id = ?',
      customer.id,
      ofArchivedCustomer!.id,
    );
    await run('UPDATE customers SET archived_at = ? WHERE id = ?', Date.now(), customer.id);

    expect(await figures()).toMatchObject({
      expiringContracts: before.expiringContracts + 1,
    });
  });
});

describe('no visit on an archived customer', () => {
  const archivedCustomer = async () => {
    const customer = data.customers.find(
      (c) => c.ownerId === 'usr_rep_east1' && c.id !== data.customers[0]!.id,
    )!;
    await run('UPDATE customers SET archived_at = ? WHERE id = ?', Date.now(), customer.id);
    return customer;
  };

  it('the form refuses it with a notice, keeping what was typed, and writes nothing', async () => {
    const customer = await archivedCustomer();
    const before = (await visitsOf(customer.id)).length;
    const response = await submitVisitForm(rep, customer.id, {
      idempotencyKey: crypto.randomUUID(),
      summary: 'Walked the plant floor with the buyer.',
      nextFollowUpAt: localInput(3),
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(/<h1>([^<]*)<\/h1>/.exec(html)?.[1]).toContain(customer.name);
    expect(html).toContain(
      'This customer is archived: restore it before logging a visit. Nothing was saved.',
    );
    expect(html).toContain('Walked the plant floor with the buyer.');
    expect(await visitsOf(customer.id)).toHaveLength(before);
  });

  it('the API answers 422 customer_archived and writes nothing', async () => {
    const customer = await archivedCustomer();
    const before = (await visitsOf(customer.id)).length;
    const response = await call('/api/v1/visits', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': crypto.randomUUID(),
      },
      body: JSON.stringify({
        customerId: customer.id,
        summary: 'Walked the plant floor with the buyer.',
        nextFollowUpAt: new Date(Date.now() + 3 * DAY).toISOString(),
      }),
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      error: {
        code: 'customer_archived',
        message: 'This customer is archived: restore it before logging a visit. Nothing was saved.',
      },
    });
    expect(await visitsOf(customer.id)).toHaveLength(before);
  });
});
