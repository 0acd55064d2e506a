import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedTinyCompany } from './helpers/seed';

/**
 * Migration 0008 moves every purchase into an order of one line before dropping `purchases`. The
 * table is gone once all migrations ran, so this file rebuilds it as 0000 made it, fills it, and
 * runs 0008's statements (read from the migration itself) against it.
 */
describe('migration 0008: purchases become orders', () => {
  beforeAll(async () => {
    await seedTinyCompany();
  });

  it('keeps each purchase as an order with one line, owned by the customer’s owner', async () => {
    const customer = await env.DB.prepare(
      'SELECT id, owner_id, region_id FROM customers ORDER BY id LIMIT 1',
    ).first<{ id: string; owner_id: string; region_id: string }>();
    const contract = await env.DB.prepare('SELECT id FROM contracts WHERE customer_id = ? LIMIT 1')
      .bind(customer!.id)
      .first<{ id: string }>();
    await env.DB.batch([
      env.DB.prepare(
        'CREATE TABLE purchases (id text PRIMARY KEY NOT NULL, customer_id text NOT NULL, contract_id text, region_id text NOT NULL, ordered_at integer NOT NULL, sku text NOT NULL, quantity integer NOT NULL, amount_cents integer NOT NULL)',
      ),
      env.DB.prepare('INSERT INTO purchases VALUES (?, ?, ?, ?, ?, ?, ?, ?)').bind(
        'pur_old_1',
        customer!.id,
        contract?.id ?? null,
        customer!.region_id,
        1_700_000_000_000,
        'FW-SERVICE-PRO',
        3,
        21_600_000,
      ),
    ]);
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0008_'));
    expect(migration).toBeDefined();
    await env.DB.batch(migration!.queries.map((query) => env.DB.prepare(query)));

    const order = await env.DB.prepare('SELECT * FROM orders WHERE id = ?')
      .bind('pur_old_1')
      .first<Record<string, unknown>>();
    expect(order).toMatchObject({
      customer_id: customer!.id,
      contract_id: contract?.id ?? null,
      owner_id: customer!.owner_id,
      region_id: customer!.region_id,
      ordered_at: 1_700_000_000_000,
      amount_cents: 21_600_000,
      currency: 'CNY',
    });
    const lines = await env.DB.prepare('SELECT * FROM order_lines WHERE order_id = ?')
      .bind('pur_old_1')
      .all<Record<string, unknown>>();
    expect(lines.results).toEqual([
      expect.objectContaining({
        product: 'FW-SERVICE-PRO',
        quantity: 3,
        unit_price_cents: 7_200_000,
      }),
    ]);
    const gone = await env.DB.prepare(
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'purchases'",
    ).first<{ n: number }>();
    expect(gone!.n).toBe(0);
  });
});
