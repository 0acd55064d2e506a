import { and, asc, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Database } from '../db/client';
import { cities, contacts, customers, users } from '../db/schema';
import { inScope, scopedById } from '../access/scope';
import type { Viewer } from '../access/policy';

export type CustomerCursor = { nextFollowUpAt: number | null; id: string };

export function encodeCursor(cursor: CustomerCursor): string {
  return btoa(JSON.stringify([cursor.nextFollowUpAt, cursor.id])).replace(/=+$/, '');
}

export function decodeCursor(text: string): CustomerCursor | null {
  try {
    const value: unknown = JSON.parse(atob(text));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [at, id] = value as unknown[];
    if ((at !== null && typeof at !== 'number') || typeof id !== 'string') return null;
    return { nextFollowUpAt: at as number | null, id };
  } catch {
    return null;
  }
}

/**
 * Keyset position after the cursor in "next follow-up, soonest first; none planned last; then id"
 * order. Overdue follow-ups come first because they are the oldest times.
 */
function after(cursor: CustomerCursor): SQL | undefined {
  if (cursor.nextFollowUpAt === null) return and(isNull(customers.nextFollowUpAt), gt(customers.id, cursor.id));
  return or(
    gt(customers.nextFollowUpAt, cursor.nextFollowUpAt),
    and(eq(customers.nextFollowUpAt, cursor.nextFollowUpAt), gt(customers.id, cursor.id)),
    isNull(customers.nextFollowUpAt),
  );
}

/** LIKE with the user's `%` and `_` taken literally. */
function likePattern(column: SQLiteColumn, prefix: string, text: string, suffix: string): SQL {
  const escaped = text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
  return sql`${column} like ${prefix + escaped + suffix} escape '\\'`;
}

export async function listCustomers(
  db: Database,
  viewer: Viewer,
  options: { query?: string | undefined; cursor?: CustomerCursor | null | undefined; limit: number },
) {
  const query = options.query?.trim();
  const search = query
    ? or(likePattern(customers.name, '%', query, '%'), likePattern(customers.phone, '', query, '%'))
    : undefined;
  const rows = await db
    .select({
      id: customers.id,
      name: customers.name,
      grade: customers.grade,
      lifecycleStage: customers.lifecycleStage,
      healthScore: customers.healthScore,
      nextFollowUpAt: customers.nextFollowUpAt,
      lastTouchAt: customers.lastTouchAt,
      cityName: cities.name,
      cityNameZh: cities.nameZh,
    })
    .from(customers)
    .innerJoin(cities, eq(cities.id, customers.cityId))
    .where(and(inScope(viewer, 'customers'), search, options.cursor ? after(options.cursor) : undefined))
    .orderBy(sql`${customers.nextFollowUpAt} is null`, asc(customers.nextFollowUpAt), asc(customers.id))
    .limit(options.limit + 1);
  const items = rows.slice(0, options.limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > options.limit && last ? encodeCursor({ nextFollowUpAt: last.nextFollowUpAt, id: last.id }) : null;
  return { items, nextCursor };
}

/** One customer with its city, owner and contacts, or null when missing or outside the viewer's scope. */
export async function getCustomer(db: Database, viewer: Viewer, id: string) {
  const [customerRows, contactRows] = await db.batch([
    db
      .select({
        customer: customers,
        cityName: cities.name,
        cityNameZh: cities.nameZh,
        ownerName: users.name,
      })
      .from(customers)
      .innerJoin(cities, eq(cities.id, customers.cityId))
      .innerJoin(users, eq(users.id, customers.ownerId))
      .where(scopedById(viewer, 'customers', customers.id, id))
      .limit(1),
    // Contacts are read in the same round trip and dropped below if the customer is out of scope.
    db.select().from(contacts).where(eq(contacts.customerId, id)).orderBy(asc(contacts.name)),
  ]);
  const found = customerRows[0];
  if (!found) return null;
  return { ...found.customer, cityName: found.cityName, cityNameZh: found.cityNameZh, ownerName: found.ownerName, contacts: contactRows };
}
