import {
  and,
  asc,
  desc,
  eq,
  gt,
  inArray,
  isNull,
  lt,
  notInArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Database } from '../platform/db/client';
import {
  cities,
  contacts,
  customerMessages,
  customers,
  deals,
  users,
  visits,
} from '../platform/db/schema';
import { storedHealthBand } from './health';
import { contractsForCustomerPage, customerContracts } from '../contracts/customer-contracts';
import { customerOrderSummary, customerOrders } from '../orders/customer-orders';
import { aliased, aliasedColumns } from '../platform/db/aliased';
import { inScope, scopedById } from '../platform/access/scope';
import {
  mayListOnCustomer,
  mayPlaceRecord,
  type Resource,
  type Viewer,
} from '../platform/access/policy';

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
  if (cursor.nextFollowUpAt === null)
    return and(isNull(customers.nextFollowUpAt), gt(customers.id, cursor.id));
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
  options: {
    query?: string | undefined;
    cursor?: CustomerCursor | null | undefined;
    limit: number;
  },
) {
  const query = options.query?.trim();
  // Name anywhere, phone from its start, or the city's name in either language. The scope
  // condition comes first in the index, so a search reads only the viewer's own customers.
  const search = query
    ? or(
        likePattern(customers.name, '%', query, '%'),
        likePattern(customers.phone, '', query, '%'),
        inArray(
          customers.cityId,
          db
            .select({ id: cities.id })
            .from(cities)
            .where(
              or(
                likePattern(cities.name, '', query, '%'),
                likePattern(cities.nameZh, '', query, '%'),
              ),
            ),
        ),
      )
    : undefined;
  // A batch of one, so the header's unread count can ride along (platform/db/ride-along.ts).
  const [rows] = await db.batch([
    db
      .select({
        id: customers.id,
        name: customers.name,
        grade: customers.grade,
        lifecycleStage: customers.lifecycleStage,
        healthScore: customers.healthScore,
        nextFollowUpAt: customers.nextFollowUpAt,
        lastTouchAt: customers.lastTouchAt,
        cityName: aliased(cities.name, 'city_name'),
        cityNameZh: aliased(cities.nameZh, 'city_name_zh'),
      })
      .from(customers)
      .innerJoin(cities, eq(cities.id, customers.cityId))
      .where(
        and(
          inScope(viewer, 'customers'),
          search,
          options.cursor ? after(options.cursor) : undefined,
        ),
      )
      .orderBy(
        sql`${customers.nextFollowUpAt} is null`,
        asc(customers.nextFollowUpAt),
        asc(customers.id),
      )
      .limit(options.limit + 1),
  ]);
  const items = rows
    .slice(0, options.limit)
    .map((row) => ({ ...row, healthBand: storedHealthBand(row.healthScore) }));
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > options.limit && last
      ? encodeCursor({ nextFollowUpAt: last.nextFollowUpAt, id: last.id })
      : null;
  return { items, nextCursor };
}

export const VISITS_PAGE_SIZE = 10;

export type VisitCursor = { visitedAt: number; id: string };

export function encodeVisitCursor(cursor: VisitCursor): string {
  return `${cursor.visitedAt}.${cursor.id}`;
}

export function decodeVisitCursor(text: string): VisitCursor | null {
  const match = /^(\d{1,15})\.([\w-]{1,64})$/.exec(text);
  return match ? { visitedAt: Number(match[1]), id: match[2]! } : null;
}

/** A customer's visits, newest first; the timeline is visible to whoever may see the customer. */
function visitTimeline(db: Database, customerId: string, before: VisitCursor | null) {
  return db
    .select({
      id: visits.id,
      visitedAt: visits.visitedAt,
      summary: visits.summary,
      checkInStatus: visits.checkInStatus,
      checkInDistanceM: visits.checkInDistanceM,
      photoKey: visits.photoKey,
      stageReached: visits.stageReached,
      nextFollowUpAt: visits.nextFollowUpAt,
      commitmentText: visits.commitmentText,
      commitmentDueAt: visits.commitmentDueAt,
      repName: aliased(users.name, 'rep_name'),
    })
    .from(visits)
    .innerJoin(users, eq(users.id, visits.repId))
    .where(
      and(
        eq(visits.customerId, customerId),
        before
          ? or(
              lt(visits.visitedAt, before.visitedAt),
              and(eq(visits.visitedAt, before.visitedAt), lt(visits.id, before.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(visits.visitedAt), desc(visits.id))
    .limit(VISITS_PAGE_SIZE + 1);
}

function pageOfVisits<T extends { visitedAt: number; id: string }>(rows: T[]) {
  const items = rows.slice(0, VISITS_PAGE_SIZE);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > VISITS_PAGE_SIZE && last ? encodeVisitCursor(last) : null,
  };
}

const customerInScope = (db: Database, viewer: Viewer, id: string) =>
  db
    .select({
      customer: aliasedColumns(customers, 'customer'),
      cityName: aliased(cities.name, 'city_name'),
      cityNameZh: aliased(cities.nameZh, 'city_name_zh'),
      ownerName: aliased(users.name, 'owner_name'),
    })
    .from(customers)
    .innerJoin(cities, eq(cities.id, customers.cityId))
    .innerJoin(users, eq(users.id, customers.ownerId))
    .where(scopedById(viewer, 'customers', customers.id, id))
    .limit(1);

/**
 * One customer with everything its page shows, in one round trip, or null when missing or
 * outside the viewer's scope. The related rows are read alongside and dropped if the customer
 * turns out to be out of scope.
 */
export async function getCustomer(db: Database, viewer: Viewer, id: string) {
  const [customerRows, contactRows, dealRows, contractRows, visitRows, messageRows, orderRows] =
    await db.batch([
      customerInScope(db, viewer, id),
      db
        .select()
        .from(contacts)
        .where(eq(contacts.customerId, id))
        .orderBy(desc(contacts.isPrimary), asc(contacts.name)),
      db
        .select()
        .from(deals)
        .where(and(eq(deals.customerId, id), notInArray(deals.stage, ['won', 'lost'])))
        .orderBy(asc(deals.expectedCloseAt)),
      customerContracts(db, id),
      visitTimeline(db, id, null),
      db
        .select()
        .from(customerMessages)
        .where(eq(customerMessages.customerId, id))
        .orderBy(desc(customerMessages.receivedAt))
        .limit(10),
      customerOrders(db, id),
    ]);
  const found = customerRows[0];
  if (!found) return null;
  const shows = (resource: Resource) => mayListOnCustomer(viewer, resource);
  return {
    ...found.customer,
    healthBand: storedHealthBand(found.customer.healthScore),
    cityName: found.cityName,
    cityNameZh: found.cityNameZh,
    ownerName: found.ownerName,
    contacts: contactRows,
    openDeals: shows('deals') ? dealRows : [],
    contracts: shows('contracts') ? contractsForCustomerPage(contractRows, Date.now()) : [],
    visits: shows('visits') ? pageOfVisits(visitRows) : { items: [], nextCursor: null },
    messages: shows('visits') ? messageRows : [],
    orders: shows('orders') ? customerOrderSummary(orderRows, Date.now()) : null,
    mayCreate: {
      contracts: mayPlaceRecord(viewer, 'contracts', found.customer),
      orders: mayPlaceRecord(viewer, 'orders', found.customer),
    },
    sections: { deals: shows('deals'), visits: shows('visits'), contracts: shows('contracts') },
  };
}

/** An older page of the timeline, or null when the customer is not the viewer's to see. */
export async function getCustomerVisits(
  db: Database,
  viewer: Viewer,
  customerId: string,
  before: VisitCursor,
) {
  const [customerRows, visitRows] = await db.batch([
    customerInScope(db, viewer, customerId),
    visitTimeline(db, customerId, before),
  ]);
  return customerRows[0] && mayListOnCustomer(viewer, 'visits') ? pageOfVisits(visitRows) : null;
}

/** Whether the viewer may see this customer's visit evidence (one indexed lookup). */
export async function canSeeCustomerVisits(
  db: Database,
  viewer: Viewer,
  customerId: string,
): Promise<boolean> {
  if (!mayListOnCustomer(viewer, 'visits')) return false;
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(scopedById(viewer, 'customers', customers.id, customerId))
    .limit(1);
  return Boolean(row);
}
