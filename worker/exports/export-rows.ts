/**
 * What each CSV export holds, as one table per kind: its columns (catalogue key, D1 column and
 * how the value is written, in a fixed order) and the joins behind them. `exportPage` reads one
 * keyset page of rows in the viewer's read scope. Contacts follow their customer's scope; archived records
 * (and contacts of archived customers) are left out unless asked for.
 */
import { and, asc, eq, gt, isNull, type SQL } from 'drizzle-orm';
import { alias, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
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

type PageRequest = {
  viewer: Viewer;
  /** The id of the last row written; the page starts after it. */
  after: string | null;
  archived: boolean;
  locale: Locale;
};

type ExportRow = { id: string; cells: CsvValue[] };

/** How a column's value is written: as it is, a local ISO time, major units, or 1/0. */
type CellFormat = 'time' | 'money' | 'flag';

type ExportColumn = {
  key: MessageKey;
  value: SQLiteColumn;
  /** The same value in Chinese, written when the export is in Chinese (city names). */
  valueZh?: SQLiteColumn;
  as?: CellFormat;
};

type ExportDefinition = {
  /** The read reach that gates the export and scopes its rows (contacts: their customers'). */
  resource: Resource;
  table: SQLiteTable;
  id: SQLiteColumn;
  /** The region whose time zone the row's times are written in. */
  regionId: SQLiteColumn;
  joins: { table: SQLiteTable; on: SQL; optional?: boolean }[];
  /** Rows left out unless archived ones are asked for (contacts: also their customer's). */
  archivedAt: SQLiteColumn[];
  columns: ExportColumn[];
};

const owners = alias(users, 'owners');

function cell(value: unknown, format: CellFormat | undefined, timeZone: string): CsvValue {
  if (value === null || value === undefined) return null;
  if (format === 'time') return isoWithOffset(value as number, timeZone);
  if (format === 'money') return majorUnits(value as number);
  if (format === 'flag') return value ? 1 : 0;
  return value as CsvValue;
}

/** One keyset page of `kind`'s rows in the viewer's scope: the rows after `request.after`. */
export async function exportPage(
  db: Database,
  kind: ExportKind,
  request: PageRequest,
): Promise<ExportRow[]> {
  const definition = EXPORTS[kind];
  const zh = request.locale === 'zh-CN';
  const selection: Record<string, SQLiteColumn> = { id: definition.id, timeZone: regions.timeZone };
  definition.columns.forEach((column, i) => {
    selection[`c${i}`] = (zh && column.valueZh) || column.value;
  });
  let query = db.select(selection).from(definition.table).$dynamic();
  for (const join of definition.joins)
    query = join.optional
      ? query.leftJoin(join.table, join.on)
      : query.innerJoin(join.table, join.on);
  const rows = await query
    .innerJoin(regions, eq(regions.id, definition.regionId))
    .where(
      and(
        inScope(request.viewer, definition.resource),
        ...(request.archived ? [] : definition.archivedAt.map((column) => isNull(column))),
        request.after === null ? undefined : gt(definition.id, request.after),
      ),
    )
    .orderBy(asc(definition.id))
    .limit(EXPORT_PAGE_ROWS);
  return rows.map((row) => ({
    id: row.id as string,
    cells: definition.columns.map((column, i) =>
      cell(row[`c${i}`], column.as, row.timeZone as string),
    ),
  }));
}

const customerOf = (customerId: SQLiteColumn) => ({
  table: customers,
  on: eq(customers.id, customerId),
});
const ownerOf = (ownerId: SQLiteColumn) => ({ table: owners, on: eq(owners.id, ownerId) });

export const EXPORTS: Record<ExportKind, ExportDefinition> = {
  customers: {
    resource: 'customers',
    table: customers,
    id: customers.id,
    regionId: customers.regionId,
    joins: [{ table: cities, on: eq(cities.id, customers.cityId) }, ownerOf(customers.ownerId)],
    archivedAt: [customers.archivedAt],
    columns: [
      { key: 'export.column.id', value: customers.id },
      { key: 'export.column.name', value: customers.name },
      { key: 'export.column.city', value: cities.name, valueZh: cities.nameZh },
      { key: 'export.column.owner', value: owners.name },
      { key: 'export.column.grade', value: customers.grade },
      { key: 'export.column.industry', value: customers.industry },
      { key: 'export.column.lifecycleStage', value: customers.lifecycleStage },
      { key: 'export.column.phone', value: customers.phone },
      { key: 'export.column.email', value: customers.email },
      { key: 'export.column.address', value: customers.address },
      { key: 'export.column.healthScore', value: customers.healthScore },
      { key: 'export.column.lastTouchAt', value: customers.lastTouchAt, as: 'time' },
      { key: 'export.column.nextFollowUpAt', value: customers.nextFollowUpAt, as: 'time' },
      { key: 'export.column.createdAt', value: customers.createdAt, as: 'time' },
      { key: 'export.column.archivedAt', value: customers.archivedAt, as: 'time' },
    ],
  },
  contacts: {
    resource: 'customers',
    table: contacts,
    id: contacts.id,
    regionId: customers.regionId,
    joins: [customerOf(contacts.customerId)],
    archivedAt: [contacts.archivedAt, customers.archivedAt],
    columns: [
      { key: 'export.column.id', value: contacts.id },
      { key: 'export.column.customerId', value: contacts.customerId },
      { key: 'export.column.customer', value: customers.name },
      { key: 'export.column.name', value: contacts.name },
      { key: 'export.column.title', value: contacts.title },
      { key: 'export.column.phone', value: contacts.phone },
      { key: 'export.column.email', value: contacts.email },
      { key: 'export.column.decisionRole', value: contacts.decisionRole },
      { key: 'export.column.primary', value: contacts.isPrimary, as: 'flag' },
      { key: 'export.column.archivedAt', value: contacts.archivedAt, as: 'time' },
    ],
  },
  deals: {
    resource: 'deals',
    table: deals,
    id: deals.id,
    regionId: deals.regionId,
    joins: [customerOf(deals.customerId), ownerOf(deals.ownerId)],
    archivedAt: [deals.archivedAt],
    columns: [
      { key: 'export.column.id', value: deals.id },
      { key: 'export.column.customerId', value: deals.customerId },
      { key: 'export.column.customer', value: customers.name },
      { key: 'export.column.name', value: deals.name },
      { key: 'export.column.stage', value: deals.stage },
      { key: 'export.column.amount', value: deals.amountCents, as: 'money' },
      { key: 'export.column.currency', value: deals.currency },
      { key: 'export.column.expectedCloseAt', value: deals.expectedCloseAt, as: 'time' },
      { key: 'export.column.owner', value: owners.name },
      { key: 'export.column.closedAt', value: deals.closedAt, as: 'time' },
      { key: 'export.column.closeReason', value: deals.closeReason },
      { key: 'export.column.createdAt', value: deals.createdAt, as: 'time' },
      { key: 'export.column.archivedAt', value: deals.archivedAt, as: 'time' },
    ],
  },
  contracts: {
    resource: 'contracts',
    table: contracts,
    id: contracts.id,
    regionId: contracts.regionId,
    joins: [customerOf(contracts.customerId), ownerOf(contracts.ownerId)],
    archivedAt: [contracts.archivedAt],
    columns: [
      { key: 'export.column.id', value: contracts.id },
      { key: 'export.column.number', value: contracts.number },
      { key: 'export.column.customerId', value: contracts.customerId },
      { key: 'export.column.customer', value: customers.name },
      { key: 'export.column.status', value: contracts.status },
      { key: 'export.column.amount', value: contracts.amountCents, as: 'money' },
      { key: 'export.column.currency', value: contracts.currency },
      { key: 'export.column.startAt', value: contracts.startAt, as: 'time' },
      { key: 'export.column.endAt', value: contracts.endAt, as: 'time' },
      { key: 'export.column.paymentTerms', value: contracts.paymentTerms },
      { key: 'export.column.renewalTerms', value: contracts.renewalTerms },
      { key: 'export.column.owner', value: owners.name },
      { key: 'export.column.createdAt', value: contracts.createdAt, as: 'time' },
      { key: 'export.column.archivedAt', value: contracts.archivedAt, as: 'time' },
    ],
  },
  orders: {
    resource: 'orders',
    table: orders,
    id: orders.id,
    regionId: orders.regionId,
    joins: [
      customerOf(orders.customerId),
      ownerOf(orders.ownerId),
      { table: contracts, on: eq(contracts.id, orders.contractId), optional: true },
    ],
    archivedAt: [orders.archivedAt],
    columns: [
      { key: 'export.column.id', value: orders.id },
      { key: 'export.column.customerId', value: orders.customerId },
      { key: 'export.column.customer', value: customers.name },
      { key: 'export.column.number', value: contracts.number },
      { key: 'export.column.orderedAt', value: orders.orderedAt, as: 'time' },
      { key: 'export.column.status', value: orders.status },
      { key: 'export.column.amount', value: orders.amountCents, as: 'money' },
      { key: 'export.column.currency', value: orders.currency },
      { key: 'export.column.deliveredAt', value: orders.deliveredAt, as: 'time' },
      { key: 'export.column.owner', value: owners.name },
      { key: 'export.column.createdAt', value: orders.createdAt, as: 'time' },
      { key: 'export.column.archivedAt', value: orders.archivedAt, as: 'time' },
    ],
  },
};
