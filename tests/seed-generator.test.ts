import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { generateSeed, type SeedData } from '../scripts/seed/generate';
import { eq } from 'drizzle-orm';
import { writeSeed } from '../scripts/seed/write';
import { openDatabase } from '../worker/platform/db/client';
import * as schema from '../worker/platform/db/schema';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const demo = generateSeed({ seed: 20261123, scale: 'demo', now: NOW });

/** A short fingerprint of everything generated, visits included. */
async function fingerprint(data: SeedData): Promise<string> {
  const hasher = new TextEncoder();
  const { visits, ...tables } = data;
  const parts = [JSON.stringify(tables)];
  for (const visit of visits()) parts.push(JSON.stringify(visit));
  const digest = await crypto.subtle.digest('SHA-256', hasher.encode(parts.join('\n')));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('demo seed generator', () => {
  it('makes the demo company the README describes', () => {
    expect(demo.regions.map((r) => r.name)).toEqual(['East', 'South', 'North', 'West']);
    expect(demo.cities).toHaveLength(16);
    const roles = (role: string) => demo.users.filter((u) => u.role === role).length;
    expect([
      roles('director'),
      roles('admin'),
      roles('manager'),
      roles('rep'),
      roles('business'),
      roles('legal'),
    ]).toEqual([1, 1, 4, 48, 4, 4]);
    expect(demo.customers).toHaveLength(3_000);
    expect(demo.deals).toHaveLength(1_500);
    expect(demo.visitCount).toBe(50_000);
    expect([...demo.visits()]).toHaveLength(50_000);
    expect(demo.contracts).toHaveLength(400);
    expect(demo.campaigns).toHaveLength(1);
    expect(demo.tasks.length).toBeGreaterThanOrEqual(16 * 3);
    expect(demo.contacts.length).toBeGreaterThanOrEqual(3_000);
    expect(demo.orders.length).toBeGreaterThan(400);
    expect(demo.leads).toHaveLength(600);
  });

  it('has the demo accounts the README lists', () => {
    const emails = new Set(demo.users.map((u) => u.email));
    for (const email of [
      'admin@example.com',
      'director@example.com',
      'manager.east@example.com',
      'rep.east1@example.com',
      'rep.west12@example.com',
      'business.south@example.com',
      'legal.north@example.com',
    ]) {
      expect(emails.has(email), email).toBe(true);
    }
    expect(emails.size).toBe(demo.users.length);
  });

  it('uses real time zones and realistic, mixed-language names', () => {
    expect(new Set(demo.regions.map((r) => r.timeZone))).toEqual(
      new Set(['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Urumqi']),
    );
    const chinese = demo.customers.filter((c) => /[\u4e00-\u9fff]/.test(c.name)).length;
    expect(chinese / demo.customers.length).toBeGreaterThan(0.3);
    expect(chinese / demo.customers.length).toBeLessThan(0.8);
    expect(demo.customers.some((c) => /Customer \d/.test(c.name))).toBe(false);
  });

  it('keeps every reference inside the generated data', () => {
    const ids = (rows: { id: string }[]) => new Set(rows.map((r) => r.id));
    const [regionIds, cityIds, userIds, customerIds, dealIds, contractIds] = [
      demo.regions,
      demo.cities,
      demo.users,
      demo.customers,
      demo.deals,
      demo.contracts,
    ].map(ids);
    for (const c of demo.cities) expect(regionIds!.has(c.regionId)).toBe(true);
    for (const u of demo.users) {
      if (u.regionId) expect(regionIds!.has(u.regionId)).toBe(true);
      if (u.cityId) expect(cityIds!.has(u.cityId)).toBe(true);
      if (u.managerId) expect(userIds!.has(u.managerId)).toBe(true);
    }
    const cityRegion = new Map(demo.cities.map((c) => [c.id, c.regionId]));
    const users = new Map(demo.users.map((u) => [u.id, u]));
    for (const c of demo.customers) {
      expect(cityRegion.get(c.cityId)).toBe(c.regionId);
      expect(users.get(c.ownerId)?.cityId).toBe(c.cityId);
    }
    const customers = new Map(demo.customers.map((c) => [c.id, c]));
    for (const d of demo.deals) expect(customers.get(d.customerId)?.ownerId).toBe(d.ownerId);
    for (const k of demo.contracts) expect(customers.has(k.customerId)).toBe(true);
    for (const p of demo.orders) expect(contractIds!.has(p.contractId!)).toBe(true);
    for (const l of demo.leads) expect(users.get(l.assigneeId!)?.cityId).toBe(l.cityId);
    for (const t of demo.tasks)
      if (t.claimedBy) expect(users.get(t.claimedBy)?.cityId).toBe(t.cityId);
    const lastByCustomer = new Map<string, number>();
    for (const v of demo.visits()) {
      const customer = customers.get(v.customerId)!;
      expect(v.repId).toBe(customer.ownerId);
      expect(v.regionId).toBe(customer.regionId);
      if (v.dealId) expect(dealIds!.has(v.dealId)).toBe(true);
      lastByCustomer.set(
        v.customerId,
        Math.max(lastByCustomer.get(v.customerId) ?? 0, v.visitedAt),
      );
    }
    // A customer's last touch is its last visit.
    for (const c of demo.customers)
      expect(c.lastTouchAt ?? undefined).toBe(lastByCustomer.get(c.id));
    expect(customerIds!.size).toBe(demo.customers.length);
  });

  it('gives the product rules something to act on', () => {
    const day = 86_400_000;
    const endingSoon = demo.contracts.filter((k) => k.endAt > NOW && k.endAt <= NOW + 30 * day);
    expect(endingSoon.length).toBeGreaterThanOrEqual(40);
    const statuses = new Set<string>();
    for (const v of demo.visits()) statuses.add(v.checkInStatus);
    expect(statuses).toEqual(new Set(['verified', 'out_of_range', 'unverified']));
    expect(new Set(demo.customers.map((c) => c.lifecycleStage)).size).toBeGreaterThanOrEqual(4);
    expect(demo.tasks.some((t) => t.dueAt < NOW && t.status !== 'done')).toBe(true);
    expect(demo.leads.some((l) => l.priority === 'high')).toBe(true);
  });

  it('gives the same company for the same seed, and another for another seed', async () => {
    const again = generateSeed({ seed: 20261123, scale: 'demo', now: NOW });
    expect(await fingerprint(again)).toBe(await fingerprint(demo));
    const other = generateSeed({ seed: 1, scale: 'demo', now: NOW });
    expect(await fingerprint(other)).not.toBe(await fingerprint(demo));
  });

  it('writes into D1 with every foreign key satisfied', async () => {
    const tiny = generateSeed({ seed: 3, scale: 'tiny', now: NOW });
    const written = await writeSeed(env.DB, tiny);
    expect(written.visits).toBe(tiny.visitCount);
    expect(written.customers).toBe(tiny.customers.length);
    const { results } = await env.DB.prepare('PRAGMA foreign_key_check').all();
    expect(results).toEqual([]);
  });

  it('reads back exactly what it wrote, with SQL types intact', async () => {
    const tiny = generateSeed({ seed: 3, scale: 'tiny', now: NOW });
    const db = openDatabase(env.DB);
    const [visit] = tiny.visits();
    expect(
      await db.select().from(schema.visits).where(eq(schema.visits.id, visit!.id)).get(),
    ).toEqual(visit);
    const contract = tiny.contracts[0]!;
    expect(
      await db.select().from(schema.contracts).where(eq(schema.contracts.id, contract.id)).get(),
    ).toEqual({ externalId: null, ...contract }); // the seed's records were not imported
    const customer = tiny.customers[0]!;
    expect(
      await db.select().from(schema.customers).where(eq(schema.customers.id, customer.id)).get(),
    ).toEqual({ externalId: null, ...customer });
    const types = await env.DB.prepare(
      'SELECT typeof(visited_at) AS t, typeof(check_in_lat) AS lat, typeof(aci_evidence) AS b FROM visits WHERE id = ?',
    )
      .bind(visit!.id)
      .first();
    expect(types).toEqual({
      t: 'integer',
      lat: visit!.checkInLat === null ? 'null' : 'real',
      b: 'integer',
    });
  });
});
