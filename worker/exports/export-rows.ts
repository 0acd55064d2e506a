/**
 * What each CSV export holds: its columns (catalogue keys, in a fixed order) and one keyset page
 * of rows in the viewer's read scope. Contacts follow their customer's scope; archived records
 * (and contacts of archived customers) are left out unless asked for.
 */
import { and, asc, eq, gt, isNull, type SQL } from 'drizzle-orm';
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Database } from '../platform/db/client';
import {
  cities,
  contacts,
  contracts,
  customers,
  deals,
  orders,
  regions,
  users,
  type Locale,
} from '../platform/db/schema';
import { inScope } from '../platform/access/scope';
import type { Resource, Viewer } from '../platform/access/policy';
import { isoWithOffset } from '../platform/http/api-times';
import type { MessageKey } from '../platform/i18n';
import { majorUnits, type CsvValue } from './csv';

/** Rows per D1 query: each page is written out before the next is read. */
export const EXPORT_PAGE_ROWS = 500;

export const EXPORT_KINDS = ['customers', 'contacts', 'deals', 'contracts', 'orders'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export type PageRequest = {
  viewer: Viewer;
  /** The id of the last row written; the page starts after it. */
  after: string | null;
  archived: boolean;
  locale: Locale;
};

export type ExportRow = { id: string; cells: CsvValue[] };

type ExportDefinition = {
  /** The read reach that gates the export (contacts: their customers'). */
  resource: Resource;
  columns: MessageKey[];
  page(db: Database, request: PageRequest): Promise<ExportRow[]>;
};

const owners = alias(users, 'owners');

const time = (at: number | null, timeZone: string) =>
  at === null ? null : isoWithOffset(at, timeZone);

function keyset(
  idColumn: SQLiteColumn,
  archivedColumns: SQLiteColumn[],
  request: PageRequest,
  scope: SQL | undefined,
) {
  return and(
    scope,
    ...(request.archived ? [] : archivedColumns.map((column) => isNull(column))),
    request.after === null ? undefined : gt(idColumn, request.after),
  );
}

export const EXPORTS: Record<ExportKind, ExportDefinition> = {
  customers: {
    resource: 'customers',
    columns: [
      'export.column.id',
      'export.column.name',
      'export.column.city',
      'export.column.owner',
      'export.column.grade',
      'export.column.industry',
      'export.column.lifecycleStage',
      'export.column.phone',
      'export.column.email',
      'export.column.address',
      'export.column.healthScore',
      'export.column.lastTouchAt',
      'export.column.nextFollowUpAt',
      'export.column.createdAt',
      'export.column.archivedAt',
    ],
    async page(db, request) {
      const rows = await db
        .select({
          id: customers.id,
          name: customers.name,
          city: cities.name,
          cityZh: cities.nameZh,
          owner: owners.name,
          grade: customers.grade,
          industry: customers.industry,
          lifecycleStage: customers.lifecycleStage,
          phone: customers.phone,
          email: customers.email,
          address: customers.address,
          healthScore: customers.healthScore,
          lastTouchAt: customers.lastTouchAt,
          nextFollowUpAt: customers.nextFollowUpAt,
          createdAt: customers.createdAt,
          archivedAt: customers.archivedAt,
          timeZone: regions.timeZone,
        })
        .from(customers)
        .innerJoin(cities, eq(cities.id, customers.cityId))
        .innerJoin(owners, eq(owners.id, customers.ownerId))
        .innerJoin(regions, eq(regions.id, customers.regionId))
        .where(
          keyset(
            customers.id,
            [customers.archivedAt],
            request,
            inScope(request.viewer, 'customers'),
          ),
        )
        .orderBy(asc(customers.id))
        .limit(EXPORT_PAGE_ROWS);
      return rows.map((r) => ({
        id: r.id,
        cells: [
          r.id,
          r.name,
          request.locale === 'zh-CN' ? r.cityZh : r.city,
          r.owner,
          r.grade,
          r.industry,
          r.lifecycleStage,
          r.phone,
          r.email,
          r.address,
          r.healthScore,
          time(r.lastTouchAt, r.timeZone),
          time(r.nextFollowUpAt, r.timeZone),
          time(r.createdAt, r.timeZone),
          time(r.archivedAt, r.timeZone),
        ],
      }));
    },
  },
  contacts: {
    resource: 'customers',
    columns: [
      'export.column.id',
      'export.column.customerId',
      'export.column.customer',
      'export.column.name',
      'export.column.title',
      'export.column.phone',
      'export.column.email',
      'export.column.decisionRole',
      'export.column.primary',
      'export.column.archivedAt',
    ],
    async page(db, request) {
      const rows = await db
        .select({
          id: contacts.id,
          customerId: contacts.customerId,
          customer: customers.name,
          name: contacts.name,
          title: contacts.title,
          phone: contacts.phone,
          email: contacts.email,
          decisionRole: contacts.decisionRole,
          isPrimary: contacts.isPrimary,
          archivedAt: contacts.archivedAt,
          timeZone: regions.timeZone,
        })
        .from(contacts)
        .innerJoin(customers, eq(customers.id, contacts.customerId))
        .innerJoin(regions, eq(regions.id, customers.regionId))
        .where(
          keyset(
            contacts.id,
            [contacts.archivedAt, customers.archivedAt],
            request,
            inScope(request.viewer, 'customers'),
          ),
        )
        .orderBy(asc(contacts.id))
        .limit(EXPORT_PAGE_ROWS);
      return rows.map((r) => ({
        id: r.id,
        cells: [
          r.id,
          r.customerId,
          r.customer,
          r.name,
          r.title,
          r.phone,
          r.email,
          r.decisionRole,
          r.isPrimary ? 1 : 0,
          time(r.archivedAt, r.timeZone),
        ],
      }));
    },
  },
  deals: {
    resource: 'deals',
    columns: [
      'export.column.id',
      'export.column.customerId',
      'export.column.customer',
      'export.column.name',
      'export.column.stage',
      'export.column.amount',
      'export.column.currency',
      'export.column.expectedCloseAt',
      'export.column.owner',
      'export.column.closedAt',
      'export.column.closeReason',
      'export.column.createdAt',
      'export.column.archivedAt',
    ],
    async page(db, request) {
      const rows = await db
        .select({
          id: deals.id,
          customerId: deals.customerId,
          customer: customers.name,
          name: deals.name,
          stage: deals.stage,
          amountCents: deals.amountCents,
          currency: deals.currency,
          expectedCloseAt: deals.expectedCloseAt,
          owner: owners.name,
          closedAt: deals.closedAt,
          closeReason: deals.closeReason,
          createdAt: deals.createdAt,
          archivedAt: deals.archivedAt,
          timeZone: regions.timeZone,
        })
        .from(deals)
        .innerJoin(customers, eq(customers.id, deals.customerId))
        .innerJoin(owners, eq(owners.id, deals.ownerId))
        .innerJoin(regions, eq(regions.id, deals.regionId))
        .where(keyset(deals.id, [deals.archivedAt], request, inScope(request.viewer, 'deals')))
        .orderBy(asc(deals.id))
        .limit(EXPORT_PAGE_ROWS);
      return rows.map((r) => ({
        id: r.id,
        cells: [
          r.id,
          r.customerId,
          r.customer,
          r.name,
          r.stage,
          majorUnits(r.amountCents),
          r.currency,
          time(r.expectedCloseAt, r.timeZone),
          r.owner,
          time(r.closedAt, r.timeZone),
          r.closeReason,
          time(r.createdAt, r.timeZone),
          time(r.archivedAt, r.timeZone),
        ],
      }));
    },
  },
  contracts: {
    resource: 'contracts',
    columns: [
      'export.column.id',
      'export.column.number',
      'export.column.customerId',
      'export.column.customer',
      'export.column.status',
      'export.column.amount',
      'export.column.currency',
      'export.column.startAt',
      'export.column.endAt',
      'export.column.paymentTerms',
      'export.column.renewalTerms',
      'export.column.owner',
      'export.column.createdAt',
      'export.column.archivedAt',
    ],
    async page(db, request) {
      const rows = await db
        .select({
          id: contracts.id,
          number: contracts.number,
          customerId: contracts.customerId,
          customer: customers.name,
          status: contracts.status,
          amountCents: contracts.amountCents,
          currency: contracts.currency,
          startAt: contracts.startAt,
          endAt: contracts.endAt,
          paymentTerms: contracts.paymentTerms,
          renewalTerms: contracts.renewalTerms,
          owner: owners.name,
          createdAt: contracts.createdAt,
          archivedAt: contracts.archivedAt,
          timeZone: regions.timeZone,
        })
        .from(contracts)
        .innerJoin(customers, eq(customers.id, contracts.customerId))
        .innerJoin(owners, eq(owners.id, contracts.ownerId))
        .innerJoin(regions, eq(regions.id, contracts.regionId))
        .where(
          keyset(
            contracts.id,
            [contracts.archivedAt],
            request,
            inScope(request.viewer, 'contracts'),
          ),
        )
        .orderBy(asc(contracts.id))
        .limit(EXPORT_PAGE_ROWS);
      return rows.map((r) => ({
        id: r.id,
        cells: [
          r.id,
          r.number,
          r.customerId,
          r.customer,
          r.status,
          majorUnits(r.amountCents),
          r.currency,
          time(r.startAt, r.timeZone),
          time(r.endAt, r.timeZone),
          r.paymentTerms,
          r.renewalTerms,
          r.owner,
          time(r.createdAt, r.timeZone),
          time(r.archivedAt, r.timeZone),
        ],
      }));
    },
  },
  orders: {
    resource: 'orders',
    columns: [
      'export.column.id',
      'export.column.customerId',
      'export.column.customer',
      'export.column.number',
      'export.column.orderedAt',
      'export.column.status',
      'export.column.amount',
      'export.column.currency',
      'export.column.deliveredAt',
      'export.column.owner',
      'export.column.createdAt',
      'export.column.archivedAt',
    ],
    async page(db, request) {
      const rows = await db
        .select({
          id: orders.id,
          customerId: orders.customerId,
          customer: customers.name,
          contract: contracts.number,
          orderedAt: orders.orderedAt,
          status: orders.status,
          amountCents: orders.amountCents,
          currency: orders.currency,
          deliveredAt: orders.deliveredAt,
          owner: owners.name,
          createdAt: orders.createdAt,
          archivedAt: orders.archivedAt,
          timeZone: regions.timeZone,
        })
        .from(orders)
        .innerJoin(customers, eq(customers.id, orders.customerId))
        .innerJoin(owners, eq(owners.id, orders.ownerId))
        .innerJoin(regions, eq(regions.id, orders.regionId))
        .leftJoin(contracts, eq(contracts.id, orders.contractId))
        .where(keyset(orders.id, [orders.archivedAt], request, inScope(request.viewer, 'orders')))
        .orderBy(asc(orders.id))
        .limit(EXPORT_PAGE_ROWS);
      return rows.map((r) => ({
        id: r.id,
        cells: [
          r.id,
          r.customerId,
          r.customer,
          r.contract,
          time(r.orderedAt, r.timeZone),
          r.status,
          majorUnits(r.amountCents),
          r.currency,
          time(r.deliveredAt, r.timeZone),
          r.owner,
          time(r.createdAt, r.timeZone),
          time(r.archivedAt, r.timeZone),
        ],
      }));
    },
  },
};
