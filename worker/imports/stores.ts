/**
 * Where each kind of import is stored: its table, the fields a row may set, and the query that
 * reads the records a chunk's rows may be about (by external id and natural key, in one query).
 */
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from '../platform/db/client';
import {
  contacts,
  contracts,
  customers,
  orders,
  users,
  type ImportKind,
  type Role,
} from '../platform/db/schema';
import type { ExistingRecord } from './plan-chunk';

/** The keys a chunk's rows name, as typed in the file. */
export type ChunkKeys = { externalIds: string[]; alts: string[]; customerRefs: string[] };

type Store = {
  table: SQLiteTable;
  /** The audit entry's subject type. */
  subjectType: string;
  fields: Record<string, SQLiteColumn>;
  /** Whether the table keeps an `updatedAt` to set when a row changes a record. */
  stamped: boolean;
  /** Whether the natural key (`alt`) is unique in the table. */
  altIsUnique?: boolean;
  existing(
    db: Database,
    regionId: string,
    keys: ChunkKeys,
    importableRoles: readonly Role[],
  ): {
    query: BatchItem<'sqlite'>;
    records(rows: Record<string, unknown>[]): ExistingRecord[];
  };
};

const inJson = (column: SQLiteColumn, values: readonly string[]): SQL =>
  sql`${column} in (select value from json_each(${JSON.stringify(values)}))`;

/** Customers of the region a row's customer column names (its external id, else its phone). */
const customerRefCondition = (regionId: string, refs: readonly string[]) =>
  and(
    eq(customers.regionId, regionId),
    or(inJson(customers.externalId, refs), inJson(customers.phone, refs)),
  );

export const customerRefQuery = (db: Database, regionId: string, refs: readonly string[]) =>
  db
    .select({
      id: customers.id,
      ownerId: customers.ownerId,
      cityId: customers.cityId,
      externalId: customers.externalId,
      phone: customers.phone,
    })
    .from(customers)
    .where(customerRefCondition(regionId, refs));

function records(
  rows: Record<string, unknown>[],
  fields: Record<string, SQLiteColumn>,
  alt: (row: Record<string, unknown>) => string | null,
  locked: (row: Record<string, unknown>) => boolean = () => false,
): ExistingRecord[] {
  return rows.map((row) => ({
    id: row.id as string,
    regionId: (row.regionId as string | null) ?? null,
    externalId: (row.externalId as string | null) ?? null,
    alt: alt(row),
    locked: locked(row),
    values: Object.fromEntries(Object.keys(fields).map((field) => [field, row[field] ?? null])),
  }));
}

const CUSTOMER_FIELDS = {
  externalId: customers.externalId,
  name: customers.name,
  phone: customers.phone,
  email: customers.email,
  cityId: customers.cityId,
  address: customers.address,
  grade: customers.grade,
  industry: customers.industry,
  lifecycleStage: customers.lifecycleStage,
  ownerId: customers.ownerId,
};
const CONTACT_FIELDS = {
  externalId: contacts.externalId,
  customerId: contacts.customerId,
  name: contacts.name,
  title: contacts.title,
  phone: contacts.phone,
  email: contacts.email,
  decisionRole: contacts.decisionRole,
};
const CONTRACT_FIELDS = {
  externalId: contracts.externalId,
  number: contracts.number,
  customerId: contracts.customerId,
  amountCents: contracts.amountCents,
  currency: contracts.currency,
  startAt: contracts.startAt,
  endAt: contracts.endAt,
  paymentTerms: contracts.paymentTerms,
  status: contracts.status,
  ownerId: contracts.ownerId,
};
const ORDER_FIELDS = {
  externalId: orders.externalId,
  customerId: orders.customerId,
  contractId: orders.contractId,
  orderedAt: orders.orderedAt,
  amountCents: orders.amountCents,
  currency: orders.currency,
  status: orders.status,
  ownerId: orders.ownerId,
};
const USER_FIELDS = {
  email: users.email,
  name: users.name,
  role: users.role,
  cityId: users.cityId,
  phone: users.phone,
};

export const STORES: Record<ImportKind, Store> = {
  customers: {
    table: customers,
    subjectType: 'customer',
    fields: CUSTOMER_FIELDS,
    stamped: true,
    existing: (db, regionId, keys) => ({
      query: db
        .select({ id: customers.id, regionId: customers.regionId, ...CUSTOMER_FIELDS })
        .from(customers)
        .where(
          or(
            inJson(customers.externalId, keys.externalIds),
            and(eq(customers.regionId, regionId), inJson(customers.phone, keys.alts)),
          ),
        ),
      records: (rows) =>
        records(rows, CUSTOMER_FIELDS, (row) => (row.phone as string | null) ?? null),
    }),
  },
  contacts: {
    table: contacts,
    subjectType: 'contact',
    fields: CONTACT_FIELDS,
    stamped: false,
    existing: (db, regionId, keys) => ({
      query: db
        .select({ id: contacts.id, regionId: customers.regionId, ...CONTACT_FIELDS })
        .from(contacts)
        .innerJoin(customers, eq(customers.id, contacts.customerId))
        .where(
          or(
            inJson(contacts.externalId, keys.externalIds),
            inArray(
              contacts.customerId,
              db
                .select({ id: customers.id })
                .from(customers)
                .where(customerRefCondition(regionId, keys.customerRefs)),
            ),
          ),
        ),
      records: (rows) =>
        records(rows, CONTACT_FIELDS, (row) => {
          const key = row.phone ?? row.email;
          return key ? `${String(row.customerId)}|${String(key)}` : null;
        }),
    }),
  },
  contracts: {
    table: contracts,
    subjectType: 'contract',
    fields: CONTRACT_FIELDS,
    stamped: true,
    altIsUnique: true,
    existing: (db, _regionId, keys) => ({
      query: db
        .select({ id: contracts.id, regionId: contracts.regionId, ...CONTRACT_FIELDS })
        .from(contracts)
        .where(
          or(inJson(contracts.externalId, keys.externalIds), inJson(contracts.number, keys.alts)),
        ),
      records: (rows) => records(rows, CONTRACT_FIELDS, (row) => row.number as string),
    }),
  },
  orders: {
    table: orders,
    subjectType: 'order',
    fields: ORDER_FIELDS,
    stamped: true,
    existing: (db, _regionId, keys) => ({
      query: db
        .select({ id: orders.id, regionId: orders.regionId, ...ORDER_FIELDS })
        .from(orders)
        .where(inJson(orders.externalId, keys.externalIds)),
      records: (rows) => records(rows, ORDER_FIELDS, () => null),
    }),
  },
  users: {
    table: users,
    subjectType: 'user',
    fields: USER_FIELDS,
    stamped: false,
    existing: (db, _regionId, keys, importableRoles) => ({
      query: db
        .select({ id: users.id, regionId: users.regionId, ...USER_FIELDS })
        .from(users)
        .where(inJson(users.email, keys.alts)),
      records: (rows) =>
        records(
          rows,
          USER_FIELDS,
          (row) => row.email as string,
          // Directors, admins and (for a manager) anyone but a rep stay out of an import's reach.
          (row) => !importableRoles.includes(row.role as Role) || row.regionId === null,
        ),
    }),
  },
};
