/**
 * Contracts of the sales book: create (from a customer, a deal, or as the renewal of another),
 * edit, move through their statuses, archive and restore, attach the signed file. Every change
 * goes in one batch with its audit entry, which also puts it on the customer's timeline.
 */
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../platform/db/client';
import {
  auditLog,
  contracts,
  customers,
  deals,
  orders,
  regions,
  users,
  type ContractStatus,
} from '../platform/db/schema';
import { aliased, aliasedColumns } from '../platform/db/aliased';
import { mayEditRecord, mayPlaceRecord, type Viewer } from '../platform/access/policy';
import { editableById, inScope, scopedById } from '../platform/access/scope';
import { recordChange } from '../platform/audit/record-change';
import { setArchivedInEditScope } from '../platform/audit/archival';
import { isUniqueViolation } from '../platform/db/unique-violation';
import { afterCursor, pageOf } from '../platform/db/keyset';
import type { MessageKey } from '../platform/i18n';
import { readUpload } from '../visits/read-submission';
import type { ContractFields } from './contract-input';
import { CONTRACT_PAGE_SIZE, type ContractListFilter } from './contract-input';
import { displayedStatus, statusAfterAction, type ContractAction } from './contract-status';

export type Refused = { refused: MessageKey; field?: string };

/** Until the deal desk adds approval policies, none exists. */
const APPROVAL_POLICY = { approvalPolicyExists: false };

/** The signed file's types and size (a scan or photo of the paper contract, or the PDF). */
export const CONTRACT_FILE_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
] as const;
export const CONTRACT_FILE_MAX_BYTES = 10 * 1024 * 1024;
export type ContractFile = { bytes: ArrayBuffer; contentType: string; name: string };

/** The signed-file field of a form or multipart request: absent, accepted, or why not. */
export async function readContractFile(
  value: unknown,
): Promise<{ file: ContractFile | null } | { error: MessageKey }> {
  const upload = await readUpload(value, {
    types: CONTRACT_FILE_TYPES,
    maxBytes: CONTRACT_FILE_MAX_BYTES,
  });
  if ('error' in upload)
    return {
      error: upload.error === 'type' ? 'contract.error.fileType' : 'contract.error.fileSize',
    };
  return {
    file: upload.file && {
      bytes: upload.file.bytes,
      contentType: upload.file.contentType,
      name: upload.file.fileName,
    },
  };
}

/** A customer a new contract or order may be put on: in the viewer's read scope, with its zone. */
export async function customerForNewRecord(db: Database, viewer: Viewer, customerId: string) {
  const [row] = await db
    .select({
      id: customers.id,
      name: customers.name,
      regionId: customers.regionId,
      cityId: customers.cityId,
      ownerId: customers.ownerId,
      timeZone: regions.timeZone,
    })
    .from(customers)
    .innerJoin(regions, eq(regions.id, customers.regionId))
    .where(
      and(scopedById(viewer, 'customers', customers.id, customerId), isNull(customers.archivedAt)),
    )
    .limit(1);
  return row ?? null;
}
export type RecordCustomer = NonNullable<Awaited<ReturnType<typeof customerForNewRecord>>>;

/** A deal in the viewer's scope, to prefill a contract from. */
export async function dealForContract(db: Database, viewer: Viewer, dealId: string) {
  const [row] = await db
    .select({
      id: deals.id,
      name: deals.name,
      customerId: deals.customerId,
      amountCents: deals.amountCents,
      currency: deals.currency,
    })
    .from(deals)
    .where(scopedById(viewer, 'deals', deals.id, dealId))
    .limit(1);
  return row ?? null;
}

export const NUMBER_TAKEN: Refused = { refused: 'contract.error.numberTaken', field: 'number' };

/** The write lost a race for its number to a twin that passed the same check at the same time. */
export const numberRaced = (error: unknown) => isUniqueViolation(error, 'contracts.number');

async function numberTaken(db: Database, number: string, exceptId: string | null) {
  const [row] = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.number, number), exceptId ? ne(contracts.id, exceptId) : undefined))
    .limit(1);
  return Boolean(row);
}

/** The stored row, for a change by a viewer whose edit scope includes it (else null → 404). */
async function editableContract(db: Database, viewer: Viewer, id: string) {
  const [row] = await db
    .select()
    .from(contracts)
    .where(editableById(viewer, 'contracts', contracts.id, id))
    .limit(1);
  return row ?? null;
}

export function contractFileKey(contractId: string): string {
  return `contract-files/${contractId}/${crypto.randomUUID()}`;
}

async function putFile(files: R2Bucket, key: string, file: ContractFile) {
  await files.put(key, file.bytes, { httpMetadata: { contentType: file.contentType } });
}

/**
 * The statements that create a contract on `customer` (a draft), or why not. `renewsId` makes it
 * the renewal of another contract of the customer, which becomes "renewed" in the same batch.
 */
export async function createContract(
  db: Database,
  files: R2Bucket,
  viewer: Viewer,
  customer: RecordCustomer,
  fields: ContractFields,
  extras: {
    dealId?: string | undefined;
    renewsId?: string | undefined;
    file?: ContractFile | null;
  },
  now = Date.now(),
): Promise<{ id: string; statements: BatchItem<'sqlite'>[] } | Refused> {
  const place = { regionId: customer.regionId, cityId: customer.cityId, ownerId: customer.ownerId };
  if (!mayPlaceRecord(viewer, 'contracts', place)) return { refused: 'error.notFound' };
  if (await numberTaken(db, fields.number, null)) return NUMBER_TAKEN;
  if (extras.dealId) {
    const [deal] = await db
      .select({ id: deals.id })
      .from(deals)
      .where(and(eq(deals.id, extras.dealId), eq(deals.customerId, customer.id)))
      .limit(1);
    if (!deal) return { refused: 'contract.error.deal', field: 'dealId' };
  }
  const id = `ctr_${crypto.randomUUID()}`;
  const renewal = extras.renewsId
    ? await renewalStatements(db, viewer, extras.renewsId, customer.id, id, now)
    : [];
  if ('refused' in renewal) return renewal;
  const fileKey = extras.file ? contractFileKey(id) : null;
  if (extras.file && fileKey) await putFile(files, fileKey, extras.file);
  const row = {
    id,
    ...fields,
    customerId: customer.id,
    ownerId: customer.ownerId,
    regionId: customer.regionId,
    status: 'draft' as const,
    dealId: extras.dealId ?? null,
    fileKey,
    fileName: extras.file?.name ?? null,
    createdAt: now,
    updatedAt: now,
  };
  return {
    id,
    statements: [
      db.insert(contracts).values(row),
      recordChange(db, {
        actorId: viewer.id,
        action: 'contract.created',
        subjectType: 'contract',
        subjectId: id,
        customerId: customer.id,
        after: {
          ...fields,
          status: 'draft',
          dealId: row.dealId,
          renewsId: extras.renewsId ?? null,
        },
        now,
      }),
      ...renewal,
    ],
  };
}

/** The old contract becomes "renewed", pointing at its successor (kept in the audit entry). */
async function renewalStatements(
  db: Database,
  viewer: Viewer,
  renewsId: string,
  customerId: string,
  successorId: string,
  now: number,
): Promise<BatchItem<'sqlite'>[] | Refused> {
  const old = await editableContract(db, viewer, renewsId);
  if (!old || old.customerId !== customerId || old.archivedAt !== null)
    return { refused: 'contract.error.transition', field: 'renewsId' };
  const next = statusAfterAction(displayedStatus(old, now), 'renew', APPROVAL_POLICY);
  if ('refused' in next) return { ...next, field: 'renewsId' };
  return statusStatements(db, viewer, old, next.status, { renewedById: successorId }, now);
}

function statusStatements(
  db: Database,
  viewer: Viewer,
  contract: { id: string; customerId: string; status: ContractStatus },
  status: ContractStatus,
  note: { reason?: string; renewedById?: string },
  now: number,
): BatchItem<'sqlite'>[] {
  return [
    db
      .update(contracts)
      .set({ status, updatedAt: now })
      .where(and(eq(contracts.id, contract.id), eq(contracts.status, contract.status))),
    recordChange(db, {
      actorId: viewer.id,
      action: 'contract.status_changed',
      subjectType: 'contract',
      subjectId: contract.id,
      customerId: contract.customerId,
      before: { status: contract.status },
      after: { status, ...note },
      now,
    }),
  ];
}

/** An edit of some fields (the API may send only a few); null when not the viewer's to change. */
export async function updateContract(
  db: Database,
  viewer: Viewer,
  id: string,
  change: Partial<ContractFields>,
  now = Date.now(),
): Promise<{ updated: true } | Refused | null> {
  const contract = await editableContract(db, viewer, id);
  if (!contract) return null;
  if (contract.archivedAt !== null) return { refused: 'contract.error.archived' };
  const startAt = change.startAt ?? contract.startAt;
  const endAt = change.endAt ?? contract.endAt;
  if (endAt <= startAt) return { refused: 'contract.error.endBeforeStart', field: 'endAt' };
  if (change.number !== undefined && (await numberTaken(db, change.number, id)))
    return NUMBER_TAKEN;
  const before = Object.fromEntries(
    Object.keys(change).map((field) => [field, contract[field as keyof ContractFields]]),
  );
  try {
    await db.batch([
      db
        .update(contracts)
        .set({ ...change, updatedAt: now })
        .where(eq(contracts.id, id)),
      recordChange(db, {
        actorId: viewer.id,
        action: 'contract.updated',
        subjectType: 'contract',
        subjectId: id,
        customerId: contract.customerId,
        before,
        after: change,
        now,
      }),
    ]);
  } catch (error) {
    if (numberRaced(error)) return NUMBER_TAKEN;
    throw error;
  }
  return { updated: true };
}

/** Submit, terminate (with a reason) or mark renewed (by a given contract of the customer). */
export async function changeContractStatus(
  db: Database,
  viewer: Viewer,
  id: string,
  request: {
    action: ContractAction;
    reason?: string | undefined;
    renewedById?: string | undefined;
  },
  now = Date.now(),
): Promise<{ status: ContractStatus } | Refused | null> {
  const contract = await editableContract(db, viewer, id);
  if (!contract) return null;
  if (contract.archivedAt !== null) return { refused: 'contract.error.archived' };
  const next = statusAfterAction(displayedStatus(contract, now), request.action, APPROVAL_POLICY);
  if ('refused' in next) return next;
  const note: { reason?: string; renewedById?: string } = {};
  if (request.action === 'terminate') {
    if (!request.reason) return { refused: 'contract.error.reason', field: 'reason' };
    note.reason = request.reason;
  }
  if (request.action === 'renew') {
    const [successor] = request.renewedById
      ? await db
          .select({ id: contracts.id })
          .from(contracts)
          .where(
            and(
              editableById(viewer, 'contracts', contracts.id, request.renewedById),
              eq(contracts.customerId, contract.customerId),
              ne(contracts.id, id),
            ),
          )
          .limit(1)
      : [];
    if (!successor) return { refused: 'contract.error.transition', field: 'renewedById' };
    note.renewedById = successor.id;
  }
  await db.batch(
    statusStatements(db, viewer, contract, next.status, note, now) as [
      BatchItem<'sqlite'>,
      ...BatchItem<'sqlite'>[],
    ],
  );
  return next;
}

/** Archive (soft delete: leaves lists) or restore; null when not the viewer's to change. */
export function setContractArchived(
  db: Database,
  viewer: Viewer,
  id: string,
  archived: boolean,
  now = Date.now(),
): Promise<boolean | null> {
  const record = { table: contracts, resource: 'contracts', subjectType: 'contract' } as const;
  return setArchivedInEditScope(db, viewer, record, id, archived, now);
}

/** Stores a (new) signed file; the old object stays in R2 but is no longer reachable. */
export async function attachContractFile(
  db: Database,
  files: R2Bucket,
  viewer: Viewer,
  id: string,
  file: ContractFile,
  now = Date.now(),
): Promise<{ fileName: string } | Refused | null> {
  const contract = await editableContract(db, viewer, id);
  if (!contract) return null;
  if (contract.archivedAt !== null) return { refused: 'contract.error.archived' };
  const fileKey = contractFileKey(id);
  await putFile(files, fileKey, file);
  await db.batch([
    db
      .update(contracts)
      .set({ fileKey, fileName: file.name, updatedAt: now })
      .where(eq(contracts.id, id)),
    recordChange(db, {
      actorId: viewer.id,
      action: 'contract.file_attached',
      subjectType: 'contract',
      subjectId: id,
      customerId: contract.customerId,
      before: { fileName: contract.fileName },
      after: { fileName: file.name },
      now,
    }),
  ]);
  return { fileName: file.name };
}

/** The signed file's key and name, when the contract is within the viewer's read scope. */
export async function contractFileFor(db: Database, viewer: Viewer, id: string) {
  const [row] = await db
    .select({ fileKey: contracts.fileKey, fileName: contracts.fileName })
    .from(contracts)
    .where(and(scopedById(viewer, 'contracts', contracts.id, id), isNotNull(contracts.fileKey)))
    .limit(1);
  return row?.fileKey ? { key: row.fileKey, name: row.fileName ?? 'contract' } : null;
}

const renewalLink = (id: string, field: 'renewedById' | 'renewsId', action: string) =>
  sql`(select json_extract(${auditLog.detail}, ${`$.after.${field}`}) from ${auditLog}
    where ${auditLog.subjectType} = 'contract' and ${auditLog.subjectId} = ${id}
      and ${auditLog.action} = ${action}
      and json_extract(${auditLog.detail}, ${`$.after.${field}`}) is not null
    order by ${auditLog.createdAt} desc limit 1)`;

/** One contract with what its page shows, in one round trip; null outside the viewer's scope. */
export async function getContract(db: Database, viewer: Viewer, id: string) {
  const [contractRows, orderRows, historyRows, linkRows] = await db.batch([
    db
      .select({
        contract: aliasedColumns(contracts, 'contract'),
        customerName: aliased(customers.name, 'customer_name'),
        ownerName: aliased(users.name, 'owner_name'),
        timeZone: aliased(regions.timeZone, 'region_time_zone'),
        dealName: aliased(deals.name, 'deal_name'),
      })
      .from(contracts)
      .innerJoin(customers, eq(customers.id, contracts.customerId))
      .innerJoin(users, eq(users.id, contracts.ownerId))
      .innerJoin(regions, eq(regions.id, contracts.regionId))
      .leftJoin(deals, eq(deals.id, contracts.dealId))
      .where(scopedById(viewer, 'contracts', contracts.id, id))
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
      .where(and(eq(orders.contractId, id), isNull(orders.archivedAt), inScope(viewer, 'orders')))
      .orderBy(desc(orders.orderedAt))
      .limit(50),
    db
      .select({
        id: auditLog.id,
        action: auditLog.action,
        detail: auditLog.detail,
        createdAt: auditLog.createdAt,
        actorName: aliased(users.name, 'actor_name'),
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(and(eq(auditLog.subjectType, 'contract'), eq(auditLog.subjectId, id)))
      .orderBy(desc(auditLog.createdAt))
      .limit(30),
    db
      .select({ id: contracts.id, number: contracts.number })
      .from(contracts)
      .where(
        inArray(
          contracts.id,
          sql`(${renewalLink(id, 'renewedById', 'contract.status_changed')}, ${renewalLink(id, 'renewsId', 'contract.created')})`,
        ),
      ),
  ]);
  const found = contractRows[0];
  if (!found) return null;
  const history = historyRows.map((entry) => ({
    ...entry,
    after: (entry.detail?.after ?? {}) as Record<string, unknown>,
  }));
  const pointer = (field: string) => {
    const target = history.find((entry) => typeof entry.after[field] === 'string')?.after[field];
    return linkRows.find((row) => row.id === target) ?? null;
  };
  const termination = history.find(
    (entry) => entry.after.status === 'terminated' && typeof entry.after.reason === 'string',
  );
  return {
    ...found.contract,
    shownStatus: displayedStatus(found.contract, Date.now()),
    customerName: found.customerName,
    ownerName: found.ownerName,
    timeZone: found.timeZone,
    dealName: found.dealName,
    editable: mayEditRecord(viewer, 'contracts', { ...found.contract, cityId: null }),
    // The order form checks the customer again; this only decides whether to offer the link.
    mayOrder:
      found.contract.archivedAt === null &&
      mayPlaceRecord(viewer, 'orders', { ...found.contract, cityId: null }),
    orders: orderRows,
    history,
    renewedBy: pointer('renewedById'),
    renews: pointer('renewsId'),
    terminationReason: termination ? String(termination.after.reason) : null,
  };
}
export type ContractDetail = NonNullable<Awaited<ReturnType<typeof getContract>>>;

/** Condition for a displayed status: an active contract past its end shows (and filters) as expired. */
function listCondition(filter: ContractListFilter, now: number) {
  if (filter === 'archived') return isNotNull(contracts.archivedAt);
  const current = isNull(contracts.archivedAt);
  switch (filter) {
    case 'all':
      return current;
    case 'active':
      return and(current, eq(contracts.status, 'active'), gt(contracts.endAt, now));
    case 'expired':
      return and(
        current,
        or(
          eq(contracts.status, 'expired'),
          and(eq(contracts.status, 'active'), lt(contracts.endAt, now)),
        ),
      );
    default:
      return and(current, eq(contracts.status, filter));
  }
}

/**
 * The viewer's contracts (optionally of one customer), ending soonest first, a page at a time
 * (keyset on end, id).
 */
export async function listContracts(
  db: Database,
  viewer: Viewer,
  options: {
    filter: ContractListFilter;
    customerId?: string | undefined;
    cursor?: string | undefined;
    limit?: number;
    now: number;
  },
) {
  const limit = options.limit ?? CONTRACT_PAGE_SIZE;
  const rows = await db
    .select({
      id: contracts.id,
      number: contracts.number,
      status: contracts.status,
      startAt: contracts.startAt,
      endAt: contracts.endAt,
      amountCents: contracts.amountCents,
      currency: contracts.currency,
      customerId: contracts.customerId,
      customerName: aliased(customers.name, 'customer_name'),
      timeZone: aliased(regions.timeZone, 'region_time_zone'),
    })
    .from(contracts)
    .innerJoin(customers, eq(customers.id, contracts.customerId))
    .innerJoin(regions, eq(regions.id, contracts.regionId))
    .where(
      and(
        inScope(viewer, 'contracts'),
        listCondition(options.filter, options.now),
        options.customerId ? eq(contracts.customerId, options.customerId) : undefined,
        afterCursor(options.cursor, contracts.endAt, contracts.id, 'asc'),
      ),
    )
    .orderBy(asc(contracts.endAt), asc(contracts.id))
    .limit(limit + 1);
  const page = pageOf(rows, limit, (row) => row.endAt);
  return {
    ...page,
    items: page.items.map((row) => ({ ...row, shownStatus: displayedStatus(row, options.now) })),
  };
}
