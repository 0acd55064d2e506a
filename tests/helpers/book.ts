import { env } from 'cloudflare:workers';
import { localDayRange } from '../../worker/platform/time/zones';

/** The region-local instant `hour`:00 of `day` (`YYYY-MM-DD`). */
export function localAt(day: string, timeZone: string, hour = 9): number {
  return localDayRange(day, timeZone).start + hour * 3_600_000;
}

/** A customer written straight into D1 (the scheduled jobs read the book, not the forms). */
export async function insertCustomer(fields: {
  id: string;
  name: string;
  regionId: string;
  cityId: string;
  ownerId: string;
  lastTouchAt?: number | null;
  now: number;
}) {
  await env.DB.prepare(
    `insert into customers (id, name, region_id, city_id, owner_id, grade, industry, lifecycle_stage,
       last_touch_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, 'B', 'Manufacturing', 'active', ?, ?, ?)`,
  )
    .bind(
      fields.id,
      fields.name,
      fields.regionId,
      fields.cityId,
      fields.ownerId,
      fields.lastTouchAt ?? null,
      fields.now,
      fields.now,
    )
    .run();
}

export async function insertContract(fields: {
  id: string;
  customerId: string;
  ownerId: string;
  regionId: string;
  endAt: number;
  amountCents?: number;
  status?: string;
}) {
  const amount = fields.amountCents ?? 1_200_000;
  await env.DB.prepare(
    `insert into contracts (id, number, customer_id, owner_id, region_id, skus, amount_cents,
       start_at, end_at, payment_terms, currency, status, created_at)
     values (?, ?, ?, ?, ?, '[]', ?, ?, ?, 'Net 30', 'CNY', ?, ?)`,
  )
    .bind(
      fields.id,
      `T-${fields.id}`,
      fields.customerId,
      fields.ownerId,
      fields.regionId,
      amount,
      fields.endAt - 365 * 86_400_000,
      fields.endAt,
      fields.status ?? 'active',
      fields.endAt - 400 * 86_400_000,
    )
    .run();
}

/** An order with one line of `product` at `unitPriceCents`. */
export async function insertOrder(fields: {
  id: string;
  customerId: string;
  ownerId: string;
  regionId: string;
  orderedAt: number;
  product?: string;
  unitPriceCents?: number;
  status?: string;
}) {
  const price = fields.unitPriceCents ?? 10_000;
  await env.DB.batch([
    env.DB.prepare(
      `insert into orders (id, customer_id, owner_id, region_id, ordered_at, amount_cents, currency,
         status, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, 'CNY', ?, ?, ?)`,
    ).bind(
      fields.id,
      fields.customerId,
      fields.ownerId,
      fields.regionId,
      fields.orderedAt,
      price * 2,
      fields.status ?? 'placed',
      fields.orderedAt,
      fields.orderedAt,
    ),
    env.DB.prepare(
      `insert into order_lines (id, order_id, product, quantity, unit_price_cents, position)
       values (?, ?, ?, 2, ?, 0)`,
    ).bind(`${fields.id}_l1`, fields.id, fields.product ?? 'Sensor kit', price),
  ]);
}
