import {
  and,
  asc,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  notInArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Database } from '../platform/db/client';
import { cities, contacts, customers, deals, regions, users } from '../platform/db/schema';
import { storedHealthBand } from './health';
import { contractsForCustomerPage, customerContracts } from '../contracts/customer-contracts';
import { customerOrderSummary, customerOrders } from '../orders/customer-orders';
import { aliased, aliasedColumns } from '../platform/db/aliased';
import { inScope, scopedById } from '../platform/access/scope';
import {
  mayEditRecord,
  mayReadAny,
  mayPlaceRecord,
  type Resource,
  type Viewer,
} from '../platform/access/policy';
import { decisionChainCoverage } from './decision-chain';
import { customerSearch, joinedToCustomer, matches, searchTerms } from './search-index';
import { timelinePage, timelineQueries, type TimelineRows } from './timeline';
import type { TimelineCursor } from './timeline-page';
import { openFeedbackRequest, type OpenFeedbackRequest } from '../follow-up/share-link';

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

const customerListColumns = {
  id: customers.id,
  name: customers.name,
  grade: customers.grade,
  lifecycleStage: customers.lifecycleStage,
  healthScore: customers.healthScore,
  nextFollowUpAt: customers.nextFollowUpAt,
  lastTouchAt: customers.lastTouchAt,
  cityName: aliased(cities.name, 'city_name'),
  cityNameZh: aliased(cities.nameZh, 'city_name_zh'),
};

/** The best matches of the search index within the viewer's scope, most relevant first. */
export function searchCustomers(
  db: Database,
  viewer: Viewer,
  terms: string,
  live: SQL,
  limit: number,
) {
  return db
    .select(customerListColumns)
    .from(customerSearch)
    .innerJoin(customers, joinedToCustomer)
    .innerJoin(cities, eq(cities.id, customers.cityId))
    .where(and(matches(terms), inScope(viewer, 'customers'), live))
    .orderBy(asc(customerSearch.rank), asc(customers.id))
    .limit(limit);
}

export async function listCustomers(
  db: Database,
  viewer: Viewer,
  options: {
    query?: string | undefined;
    cursor?: CustomerCursor | null | undefined;
    limit: number;
    /** Archived customers only (to restore them) instead of the live book. */
    archived?: boolean | undefined;
  },
) {
  const query = options.query?.trim();
  const terms = query ? searchTerms(query) : null;
  // Three characters or more: the search index, best matches first (one page: refine to narrow).
  // Shorter: name anywhere, phone from its start, or the city's name in either language, read
  // within the viewer's scope (its condition leads the index).
  const shortSearch =
    query && !terms
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
  const live = options.archived ? isNotNull(customers.archivedAt) : isNull(customers.archivedAt);
  // A batch of one, so the header's unread count can ride along (platform/db/ride-along.ts).
  const [rows] = terms
    ? await db.batch([searchCustomers(db, viewer, terms, live, options.limit)])
    : await db.batch([
        db
          .select(customerListColumns)
          .from(customers)
          .innerJoin(cities, eq(cities.id, customers.cityId))
          .where(
            and(
              inScope(viewer, 'customers'),
              live,
              shortSearch,
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

const customerInScope = (db: Database, viewer: Viewer, id: string) =>
  db
    .select({
      customer: aliasedColumns(customers, 'customer'),
      cityName: aliased(cities.name, 'city_name'),
      cityNameZh: aliased(cities.nameZh, 'city_name_zh'),
      ownerName: aliased(users.name, 'owner_name'),
      // The timeline's times read in the customer's region.
      timeZone: aliased(regions.timeZone, 'region_time_zone'),
    })
    .from(customers)
    .innerJoin(cities, eq(cities.id, customers.cityId))
    .innerJoin(regions, eq(regions.id, customers.regionId))
    .innerJoin(users, eq(users.id, customers.ownerId))
    .where(scopedById(viewer, 'customers', customers.id, id))
    .limit(1);

/**
 * One customer with everything its page shows, in one round trip, or null when missing or
 * outside the viewer's scope. The related rows are read alongside and dropped if the customer
 * turns out to be out of scope.
 */
export async function getCustomer(db: Database, viewer: Viewer, id: string) {
  const [customerRows, contactRows, dealRows, contractRows, orderRows, dueRows, ...timelineRows] =
    await db.batch([
      customerInScope(db, viewer, id),
      db
        .select()
        .from(contacts)
        .where(and(eq(contacts.customerId, id), isNull(contacts.archivedAt)))
        .orderBy(desc(contacts.isPrimary), asc(contacts.name)),
      db
        .select()
        .from(deals)
        .where(
          and(
            eq(deals.customerId, id),
            notInArray(deals.stage, ['won', 'lost']),
            isNull(deals.archivedAt),
          ),
        )
        .orderBy(asc(deals.expectedCloseAt)),
      customerContracts(db, id),
      customerOrders(db, id),
      openFeedbackRequest(db, id, Date.now()),
      ...timelineQueries(db, viewer, id, null),
    ]);
  const found = customerRows[0];
  if (!found) return null;
  return customerDetail(
    viewer,
    found,
    {
      contacts: contactRows,
      deals: dealRows,
      contracts: contractRows,
      orders: orderRows,
      timeline: timelineRows,
      feedbackDue: dueRows,
    },
    Date.now(),
  );
}

type CustomerRow = typeof customers.$inferSelect;

/**
 * The customer as its page and `GET /api/v1/customers/:id` show it, from its rows (a new
 * customer's 201 body is built here too, so both answers have the same shape).
 */
export function customerDetail(
  viewer: Viewer,
  found: {
    customer: CustomerRow;
    cityName: string;
    cityNameZh: string;
    ownerName: string;
    timeZone: string;
  },
  rows: {
    contacts: (typeof contacts.$inferSelect)[];
    deals: (typeof deals.$inferSelect)[];
    contracts: Awaited<ReturnType<typeof customerContracts>>;
    orders: Awaited<ReturnType<typeof customerOrders>>;
    timeline: TimelineRows;
    /** The open feedback link of the follow-up sequence (none for a customer just created). */
    feedbackDue?: OpenFeedbackRequest[];
  },
  now: number,
) {
  const shows = (resource: Resource) => mayReadAny(viewer, resource);
  return {
    ...found.customer,
    healthBand: storedHealthBand(found.customer.healthScore),
    cityName: found.cityName,
    cityNameZh: found.cityNameZh,
    ownerName: found.ownerName,
    contacts: rows.contacts,
    decisionChain: decisionChainCoverage(rows.contacts),
    mayEditContacts: mayEditRecord(viewer, 'customers', found.customer),
    openDeals: shows('deals') ? rows.deals : [],
    contracts: shows('contracts') ? contractsForCustomerPage(rows.contracts, now) : [],
    orders: shows('orders') ? customerOrderSummary(rows.orders, now) : null,
    mayCreate: {
      contracts: mayPlaceRecord(viewer, 'contracts', found.customer),
      orders: mayPlaceRecord(viewer, 'orders', found.customer),
    },
    timeZone: found.timeZone,
    timeline: timelinePage(rows.timeline),
    feedbackDue: shows('visits') ? (rows.feedbackDue?.[0] ?? null) : null,
    sections: { deals: shows('deals'), visits: shows('visits'), contracts: shows('contracts') },
    /** Whether the viewer may open a deal here (the deal would be the customer's owner's). */
    mayAddDeal:
      found.customer.archivedAt === null && mayPlaceRecord(viewer, 'deals', found.customer),
  };
}

export type CustomerDetail = ReturnType<typeof customerDetail>;

/** An older page of the timeline, or null when the customer is not the viewer's to see. */
export async function getCustomerTimeline(
  db: Database,
  viewer: Viewer,
  customerId: string,
  before: TimelineCursor,
) {
  const [customerRows, ...timelineRows] = await db.batch([
    customerInScope(db, viewer, customerId),
    ...timelineQueries(db, viewer, customerId, before),
  ]);
  const found = customerRows[0];
  if (!found) return null;
  return {
    id: found.customer.id,
    name: found.customer.name,
    timeZone: found.timeZone,
    timeline: timelinePage(timelineRows),
  };
}

/** Whether the viewer may see this customer's visit evidence (one indexed lookup). */
export async function canSeeCustomerVisits(
  db: Database,
  viewer: Viewer,
  customerId: string,
): Promise<boolean> {
  if (!mayReadAny(viewer, 'visits')) return false;
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(scopedById(viewer, 'customers', customers.id, customerId))
    .limit(1);
  return Boolean(row);
}
