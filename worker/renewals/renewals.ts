/**
 * Renewal-preparation lists as people read and tick them (/renewals). A list is read in its
 * contract's scope (the `renewals` resource); what it shows about the customer (orders, last prices,
 * open deals) comes with the list, so business and legal see those of the lists they prepare.
 */
import { and, asc, desc, eq, gte, isNull, ne, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { aliased } from '../platform/db/aliased';
import type { Viewer } from '../platform/access/policy';
import { inEditScope, inScope } from '../platform/access/scope';
import {
  contracts,
  customers,
  deals,
  orderLines,
  orders,
  regions,
  renewalChecks,
  renewalPreparations,
  RENEWAL_CHECKLIST,
  users,
  type RenewalChecklistItem,
} from '../platform/db/schema';
import { recordChange } from '../platform/audit/record-change';
import { displayedStatus } from '../contracts/contract-status';

const DAY = 86_400_000;
/** A list stays on /renewals until a month after its contract's end. */
const LISTED_AFTER_END = 30 * DAY;
const RECENT_ORDERS = 10;

export async function listRenewals(db: Database, viewer: Viewer, now: number) {
  const [rows] = await db.batch([
    db
      .select({
        id: renewalPreparations.id,
        endAt: renewalPreparations.contractEndAt,
        contractNumber: aliased(contracts.number, 'terms_number'),
        amountCents: aliased(contracts.amountCents, 'terms_amount_cents'),
        currency: aliased(contracts.currency, 'terms_currency'),
        customerName: aliased(customers.name, 'customer_name'),
        timeZone: regions.timeZone,
        checked: sql<number>`(select count(*) from ${renewalChecks}
          where ${renewalChecks.preparationId} = ${renewalPreparations.id})`,
      })
      .from(renewalPreparations)
      .innerJoin(contracts, eq(contracts.id, renewalPreparations.contractId))
      .innerJoin(customers, eq(customers.id, contracts.customerId))
      .innerJoin(regions, eq(regions.id, contracts.regionId))
      .where(
        and(
          inScope(viewer, 'renewals'),
          isNull(contracts.archivedAt),
          gte(renewalPreparations.contractEndAt, now - LISTED_AFTER_END),
        ),
      )
      .orderBy(asc(renewalPreparations.contractEndAt), asc(renewalPreparations.id))
      .limit(200),
  ]);
  return rows.map((row) => ({ ...row, total: RENEWAL_CHECKLIST.length }));
}

export type RenewalListRow = Awaited<ReturnType<typeof listRenewals>>[number];

/** One list with everything it shows, in one batch; null when missing or out of scope. */
export async function getRenewal(db: Database, viewer: Viewer, id: string, now: number) {
  const customerOfList = sql`(select ${contracts.customerId} from ${contracts}
    join ${renewalPreparations} on ${renewalPreparations.contractId} = ${contracts.id}
    where ${renewalPreparations.id} = ${id})`;
  const purchase = and(
    eq(orders.customerId, customerOfList),
    isNull(orders.archivedAt),
    ne(orders.status, 'cancelled'),
  );
  const [found, recentOrders, lastPrices, openDeals, checks] = await db.batch([
    db
      .select({
        id: renewalPreparations.id,
        endAt: renewalPreparations.contractEndAt,
        contract: {
          id: aliased(contracts.id, 'terms_id'),
          number: aliased(contracts.number, 'terms_number'),
          startAt: aliased(contracts.startAt, 'terms_start_at'),
          endAt: aliased(contracts.endAt, 'terms_end_at'),
          amountCents: aliased(contracts.amountCents, 'terms_amount_cents'),
          currency: aliased(contracts.currency, 'terms_currency'),
          status: aliased(contracts.status, 'terms_status'),
          paymentTerms: aliased(contracts.paymentTerms, 'terms_payment_terms'),
          renewalTerms: aliased(contracts.renewalTerms, 'terms_renewal_terms'),
          fileKey: aliased(contracts.fileKey, 'terms_file_key'),
          fileName: aliased(contracts.fileName, 'terms_file_name'),
        },
        customerId: aliased(customers.id, 'customer_id'),
        customerName: aliased(customers.name, 'customer_name'),
        ownerName: aliased(users.name, 'owner_name'),
        timeZone: regions.timeZone,
      })
      .from(renewalPreparations)
      .innerJoin(contracts, eq(contracts.id, renewalPreparations.contractId))
      .innerJoin(customers, eq(customers.id, contracts.customerId))
      .innerJoin(users, eq(users.id, contracts.ownerId))
      .innerJoin(regions, eq(regions.id, contracts.regionId))
      .where(and(eq(renewalPreparations.id, id), inScope(viewer, 'renewals')))
      .limit(1),
    db
      .select({
        id: orders.id,
        orderedAt: orders.orderedAt,
        amountCents: orders.amountCents,
        currency: orders.currency,
        status: orders.status,
      })
      .from(orders)
      .where(purchase)
      .orderBy(desc(orders.orderedAt))
      .limit(RECENT_ORDERS),
    // Each product's unit price in the latest order that has it.
    db
      .select({
        product: orderLines.product,
        unitPriceCents: orderLines.unitPriceCents,
        currency: orders.currency,
        orderedAt: orders.orderedAt,
      })
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(
        and(
          purchase,
          sql`not exists (select 1 from ${orderLines} as later_line
            join ${orders} as later on later.id = later_line.order_id
            where later_line.product = ${orderLines.product} and later.customer_id = ${orders.customerId}
              and later.archived_at is null and later.status <> 'cancelled'
              and (later.ordered_at > ${orders.orderedAt}
                or (later.ordered_at = ${orders.orderedAt} and later_line.id > ${orderLines.id})))`,
        ),
      )
      .orderBy(asc(orderLines.product)),
    db
      .select({
        id: deals.id,
        name: deals.name,
        stage: deals.stage,
        amountCents: deals.amountCents,
        currency: deals.currency,
      })
      .from(deals)
      .where(
        and(
          eq(deals.customerId, customerOfList),
          notInArray(deals.stage, ['won', 'lost']),
          isNull(deals.archivedAt),
        ),
      )
      .orderBy(asc(deals.stageEnteredAt)),
    db
      .select({
        item: renewalChecks.item,
        doneAt: renewalChecks.doneAt,
        doneByName: aliased(users.name, 'done_by_name'),
      })
      .from(renewalChecks)
      .innerJoin(users, eq(users.id, renewalChecks.doneBy))
      .where(eq(renewalChecks.preparationId, id)),
  ]);
  const list = found[0];
  if (!list) return null;
  return {
    ...list,
    shownStatus: displayedStatus(list.contract, now),
    recentOrders,
    lastPrices,
    openDeals,
    checklist: RENEWAL_CHECKLIST.map((item) => ({
      item,
      check: checks.find((check) => check.item === item) ?? null,
    })),
  };
}

export type RenewalDetail = NonNullable<Awaited<ReturnType<typeof getRenewal>>>;

/**
 * Ticks (or unticks) a checklist item, audited on the customer's timeline; false when the list is
 * missing or outside the viewer's edit scope. Ticking twice keeps the first tick.
 */
export async function setChecklistItem(
  db: Database,
  viewer: Viewer,
  id: string,
  item: RenewalChecklistItem,
  done: boolean,
  now: number,
): Promise<boolean> {
  const [list] = await db
    .select({
      customerId: contracts.customerId,
      number: contracts.number,
      wasDone: sql<number>`exists (select 1 from ${renewalChecks}
        where ${renewalChecks.preparationId} = ${renewalPreparations.id} and ${renewalChecks.item} = ${item})`,
    })
    .from(renewalPreparations)
    .innerJoin(contracts, eq(contracts.id, renewalPreparations.contractId))
    .where(and(eq(renewalPreparations.id, id), inEditScope(viewer, 'renewals')))
    .limit(1);
  if (!list) return false;
  // Already as asked (a double submit): nothing to change, nothing to audit.
  if (Boolean(list.wasDone) === done) return true;
  await db.batch([
    done
      ? db
          .insert(renewalChecks)
          .values({ preparationId: id, item, doneBy: viewer.id, doneAt: now })
          .onConflictDoNothing()
      : db
          .delete(renewalChecks)
          .where(and(eq(renewalChecks.preparationId, id), eq(renewalChecks.item, item))),
    recordChange(db, {
      actorId: viewer.id,
      action: done ? 'renewal.item_checked' : 'renewal.item_unchecked',
      subjectType: 'renewal',
      subjectId: id,
      customerId: list.customerId,
      after: { number: list.number, item },
      now,
    }),
  ]);
  return true;
}
