/**
 * One CSV row of each kind checked and turned into the record it describes: formats (phone,
 * email, dates, money, the product's fixed lists), references resolved against lookups the
 * chunk runner read (cities by name, owners by email, customers by external id or phone), and
 * the key that finds the row again on a re-import. Pure: every rule here is unit-tested.
 */
import {
  CONTRACT_STATUSES,
  CUSTOMER_GRADES,
  DECISION_ROLES,
  LIFECYCLE_STAGES,
  ORDER_STATUSES,
  type ImportKind,
  type Role,
} from '../platform/db/schema';
import type { MessageKey } from '../platform/i18n';
import { localDayRange } from '../platform/time/zones';
import { phoneSchema } from '../customers/customer-input';
import { headerKey, IMPORT_FIELDS } from './import-fields';

export type RowIssue = { field: string | null; reason: MessageKey };

/** A row's cells by field: only mapped columns with something in them, trimmed. */
export type Cells = Record<string, string>;

export type CustomerRef = { id: string; ownerId: string; cityId: string };

/** What the runner read for one chunk, in the import's region. */
export type Lookups = {
  regionId: string;
  timeZone: string;
  /** Owner of a record the row names no owner for (the importing manager, else the region's manager). */
  defaultOwnerId: string | null;
  /** City ids by `headerKey` of the English and the Chinese name. */
  cityIdByName: ReadonlyMap<string, string>;
  /** Users of the region who may own records, by lower-case email. */
  ownerIdByEmail: ReadonlyMap<string, string>;
  /** The region's customers by external id and by phone (what a row's customer column names). */
  customerByRef: ReadonlyMap<string, CustomerRef>;
  /** The region's contracts by number (an order's contract column). */
  contractIdByNumber: ReadonlyMap<string, string>;
  /** Roles a users import may create (a manager: reps only). */
  importableRoles: readonly Role[];
};

/**
 * A row as a record: `values` are the fields the row gives (an empty cell leaves a field as it
 * is), `created` what a new record also needs. `externalId`/`alt` find an existing record: the
 * external id first, else the kind's natural key (phone, email, contract number).
 */
export type Draft = {
  externalId: string | null;
  alt: string | null;
  values: Record<string, unknown>;
  created: Record<string, unknown>;
  customerId: string | null;
};

export type RowResult = { ok: true; draft: Draft } | { ok: false; issues: RowIssue[] };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CURRENCY = /^[A-Z]{3}$/;
const DAY = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;
const MONEY = /^\d+(\.\d{1,2})?$/;

/** `2026-03-01`, `2026/3/1`, `2026.3.1` or `2026年3月1日` as the start of that day in the region; null if no such day. */
export function parseDay(text: string, timeZone: string): number | null {
  const match = DAY.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return localDayRange(iso, timeZone).start;
}

/** `1,234.50`, `¥1234.5` or `1234` (major units) as minor units; null if not an amount. */
export function parseMoney(text: string): number | null {
  const plain = text.replace(/[,\s¥￥$元]|CNY|RMB/gi, '');
  if (!MONEY.test(plain)) return null;
  const [whole, fraction = ''] = plain.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Builds one row's draft, collecting every problem rather than stopping at the first. */
class RowReader {
  readonly issues: RowIssue[] = [];
  readonly values: Record<string, unknown> = {};
  constructor(
    readonly cells: Cells,
    readonly lookups: Lookups,
  ) {}

  fail(field: string | null, reason: MessageKey): null {
    this.issues.push({ field, reason });
    return null;
  }

  /** The cell checked by `read` (null: the issue is recorded), stored under `as` when given. */
  take<T extends string | number>(
    field: string,
    read: (text: string) => T | null,
    reason: MessageKey,
    as = field,
  ): T | null | undefined {
    const text = this.cells[field];
    if (text === undefined) return undefined;
    const value = read(text);
    if (value === null) return this.fail(field, reason);
    this.values[as] = value;
    return value;
  }

  text(field: string, max = 200, as = field) {
    return this.take<string>(
      field,
      (text) => (text.length <= max ? text : null),
      'import.error.tooLong',
      as,
    );
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], reason: MessageKey, as = field) {
    return this.take<T>(
      field,
      (text) => allowed.find((value) => value.toLowerCase() === text.toLowerCase()) ?? null,
      reason,
      as,
    );
  }

  phone() {
    return this.take<string>(
      'phone',
      (text) => (phoneSchema.safeParse(text).success ? text : null),
      'import.error.phone',
    );
  }

  email() {
    return this.take<string>(
      'email',
      (text) => (EMAIL.test(text) && text.length <= 254 ? text.toLowerCase() : null),
      'import.error.email',
    );
  }

  city() {
    return this.take<string>(
      'city',
      (text) => this.lookups.cityIdByName.get(headerKey(text)) ?? null,
      'import.error.city',
      'cityId',
    );
  }

  owner() {
    return this.take<string>(
      'owner',
      (text) => this.lookups.ownerIdByEmail.get(text.toLowerCase()) ?? null,
      'import.error.owner',
      'ownerId',
    );
  }

  customer() {
    const text = this.cells.customer;
    const found = text === undefined ? undefined : this.lookups.customerByRef.get(text);
    if (text !== undefined && !found) this.fail('customer', 'import.error.customer');
    if (found) this.values.customerId = found.id;
    return found ?? null;
  }

  day(field: string) {
    return this.take<number>(
      field,
      (text) => parseDay(text, this.lookups.timeZone),
      'import.error.date',
    );
  }

  money() {
    return this.take<number>('amount', parseMoney, 'import.error.amount', 'amountCents');
  }

  currency() {
    return this.take<string>(
      'currency',
      (text) => (CURRENCY.test(text.toUpperCase()) ? text.toUpperCase() : null),
      'import.error.currency',
    );
  }

  result(draft: Omit<Draft, 'values'>): RowResult {
    return this.issues.length
      ? { ok: false, issues: this.issues }
      : { ok: true, draft: { ...draft, values: this.values } };
  }
}

type KindReader = (row: RowReader, now: number) => RowResult;

const READERS: Record<ImportKind, KindReader> = {
  customers: (row, now) => {
    const externalId = row.text('externalId', 100) ?? null;
    row.text('name');
    const phone = row.phone() ?? null;
    row.email();
    row.city();
    row.text('address', 300);
    row.take(
      'grade',
      (text) => CUSTOMER_GRADES.find((grade) => grade === text.toUpperCase()) ?? null,
      'import.error.grade',
    );
    row.text('industry', 80);
    row.oneOf('lifecycleStage', LIFECYCLE_STAGES, 'import.error.stage');
    row.owner();
    if (!externalId && !phone && !row.issues.length) row.fail(null, 'import.error.noKey');
    const ownerId = row.lookups.defaultOwnerId;
    if (!row.values.ownerId && !ownerId) row.fail('owner', 'import.error.noOwner');
    return row.result({
      externalId,
      alt: phone,
      customerId: null,
      created: {
        regionId: row.lookups.regionId,
        ownerId,
        grade: 'C',
        industry: '',
        lifecycleStage: 'prospect',
        dormant: false,
        createdAt: now,
        updatedAt: now,
      },
    });
  },
  contacts: (row) => {
    const externalId = row.text('externalId', 100) ?? null;
    const customer = row.customer();
    row.text('name', 120);
    row.text('title', 120);
    const phone = row.phone() ?? null;
    const email = row.email() ?? null;
    row.oneOf('decisionRole', DECISION_ROLES, 'import.error.decisionRole');
    if (!externalId && !phone && !email && !row.issues.length) row.fail(null, 'import.error.noKey');
    return row.result({
      externalId,
      // A contact is the same person again only at the same customer.
      alt: customer && (phone || email) ? `${customer.id}|${phone ?? email}` : null,
      customerId: customer?.id ?? null,
      created: { isPrimary: false },
    });
  },
  contracts: (row, now) => {
    const externalId = row.text('externalId', 100) ?? null;
    const number = row.text('number', 60) ?? null;
    const customer = row.customer();
    row.money();
    row.currency();
    const start = row.day('startAt');
    const end = row.day('endAt');
    if (start && end && end < start) row.fail('endAt', 'import.error.endBeforeStart');
    row.text('paymentTerms', 200);
    row.oneOf('status', CONTRACT_STATUSES, 'import.error.status');
    row.owner();
    return row.result({
      externalId,
      alt: number,
      customerId: customer?.id ?? null,
      created: {
        regionId: row.lookups.regionId,
        ownerId: customer?.ownerId,
        skus: [],
        currency: 'CNY',
        paymentTerms: '',
        status: 'active',
        createdAt: now,
        updatedAt: now,
      },
    });
  },
  orders: (row, now) => {
    const externalId = row.text('externalId', 100) ?? null;
    const customer = row.customer();
    row.take(
      'contract',
      (text) => row.lookups.contractIdByNumber.get(text) ?? null,
      'import.error.contract',
      'contractId',
    );
    row.day('orderedAt');
    row.money();
    row.currency();
    row.oneOf('status', ORDER_STATUSES, 'import.error.status');
    row.owner();
    return row.result({
      externalId,
      alt: null,
      customerId: customer?.id ?? null,
      created: {
        regionId: row.lookups.regionId,
        ownerId: customer?.ownerId,
        currency: 'CNY',
        status: 'placed',
        createdAt: now,
        updatedAt: now,
      },
    });
  },
  users: (row) => {
    const email = row.email() ?? null;
    row.text('name');
    const role = row.oneOf('role', row.lookups.importableRoles, 'import.error.role') ?? 'rep';
    const cityId = row.city();
    row.phone();
    if (role === 'rep' && row.cells.city === undefined)
      row.fail('city', 'import.error.cityRequired');
    return row.result({
      externalId: null,
      alt: email,
      customerId: null,
      created: {
        role,
        regionId: row.lookups.regionId,
        cityId: cityId ?? null,
        managerId: role === 'rep' ? row.lookups.defaultOwnerId : null,
      },
    });
  },
};

/** The cells of a file row by field, per the mapping: blank cells left out. */
export function cellsOf(record: readonly string[], mapping: readonly (string | null)[]): Cells {
  const cells: Cells = {};
  mapping.forEach((field, column) => {
    // A leading ' before =, +, - or @ is the formula guard of our own CSV writer (exports, error files).
    const text = record[column]?.trim().replace(/^'(?=[=+\-@])/, '');
    if (field && text) cells[field] = text;
  });
  return cells;
}

/** One row checked: the required fields of the kind first, then each field's own rule. */
export function readRow(kind: ImportKind, cells: Cells, lookups: Lookups, now: number): RowResult {
  const missing = IMPORT_FIELDS[kind].filter(
    (field) => field.required && cells[field.key] === undefined,
  );
  if (missing.length)
    return {
      ok: false,
      issues: missing.map((field) => ({ field: field.key, reason: 'import.error.required' })),
    };
  return READERS[kind](new RowReader(cells, lookups), now);
}
