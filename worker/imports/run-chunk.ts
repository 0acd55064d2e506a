/**
 * One chunk of an import, run by the queue (`import.chunk`): rows `[fromRow, fromRow + N)` read
 * from the file in R2, checked, matched against what is stored, and written — records, audit
 * entries, row errors, and the import's cursor and counters — in ONE batch whose every statement
 * waits on the cursor still being `fromRow`. A redelivered, stale or racing message therefore
 * writes nothing; only the message that moved the cursor enqueues the next chunk.
 */
import { and, asc, eq, getTableColumns, getTableName, inArray, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { openDatabase, type Database } from '../platform/db/client';
import { batchableSql } from '../platform/db/batchable-sql';
import { cities, contracts, imports, regions, users, type ImportKind } from '../platform/db/schema';
import { importableRoles } from '../platform/access/policy';
import { recordChanges, type ChangeEntry } from '../platform/audit/record-change';
import { createUserStatements } from '../admin/users';
import { issueAccountToken } from '../auth/account-tokens';
import { forgetSessionsOf } from '../auth/session-cache';
import { sendWork } from '../../queues/messages';
import { headerKey } from './import-fields';
import { planChunk, type PlannedInsert } from './plan-chunk';
import { cellsOf, readRow, type Draft, type Lookups, type RowIssue } from './row-rules';
import { readSource, rowsAt, sheetRow } from './source';
import { customerRefQuery, STORES, type ChunkKeys } from './stores';

/**
 * Rows per chunk: large enough that a 30,000-row file is ~60 messages, small enough that a chunk's
 * JSON parameters stay far below D1's limits. Users cost several statements each (the invitation).
 */
export const CHUNK_ROWS: Record<ImportKind, number> = {
  customers: 500,
  contacts: 500,
  contracts: 500,
  orders: 500,
  users: 50,
};

const asJson = (rows: unknown[]) => JSON.stringify(rows);

/** Many rows into `table` in one statement: the rows ride as one JSON parameter. */
function insertMany(
  db: Database,
  table: SQLiteTable,
  rows: Record<string, unknown>[],
  onlyIf: SQL,
) {
  const columns = getTableColumns(table);
  const fields = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const names = sql.join(
    fields.map((field) => sql.identifier(columns[field]!.name)),
    sql`, `,
  );
  const values = sql.join(
    fields.map((field) => sql`value ->> ${`$.${field}`}`),
    sql`, `,
  );
  return batchableSql(
    db,
    sql`insert into ${sql.identifier(getTableName(table))} (${names}) select ${values} from json_each(${asJson(rows)}) where ${onlyIf}`,
  );
}

/** Many records of `table` changed in one statement (`update … from json_each`), matched by id. */
function updateMany(
  db: Database,
  table: SQLiteTable,
  rows: Record<string, unknown>[],
  stampedAt: number | null,
  onlyIf: SQL,
) {
  const columns = getTableColumns(table);
  const name = getTableName(table);
  const fields = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((f) => f !== 'id');
  const sets = fields.map(
    (field) => sql`${sql.identifier(columns[field]!.name)} = u.value ->> ${`$.${field}`}`,
  );
  if (stampedAt !== null) sets.push(sql`updated_at = ${stampedAt}`);
  return batchableSql(
    db,
    sql`update ${sql.identifier(name)} set ${sql.join(sets, sql`, `)} from json_each(${asJson(rows)}) as u where ${sql.identifier(name)}.id = u.value ->> '$.id' and ${onlyIf}`,
  );
}

type ImportJob = NonNullable<Awaited<ReturnType<typeof loadJob>>>;

async function loadJob(db: Database, importId: string) {
  const [job] = await db
    .select({
      id: imports.id,
      kind: imports.kind,
      regionId: imports.regionId,
      headers: imports.headers,
      mapping: imports.mapping,
      origin: imports.origin,
      status: imports.status,
      totalRows: imports.totalRows,
      cursor: imports.cursor,
      cursorOffset: imports.cursorOffset,
      uploadedBy: imports.uploadedBy,
      importerRole: users.role,
      importerRegionId: users.regionId,
    })
    .from(imports)
    .innerJoin(users, eq(users.id, imports.uploadedBy))
    .where(eq(imports.id, importId))
    .limit(1);
  return job ?? null;
}

/** The keys the chunk's rows name, as typed, for the one read of what they may match. */
function chunkKeys(kind: ImportKind, cells: Record<string, string>[]): ChunkKeys {
  const pick = (field: string, lower = false) =>
    [...new Set(cells.map((row) => row[field]).filter((v): v is string => Boolean(v)))].map((v) =>
      lower ? v.toLowerCase() : v,
    );
  const alt = {
    customers: pick('phone'),
    contacts: [],
    contracts: pick('number'),
    orders: [],
    users: pick('email', true),
  }[kind];
  return { externalIds: pick('externalId'), alts: alt, customerRefs: pick('customer') };
}

/** Everything the rows are checked and matched against: one D1 round trip. */
async function readLookups(
  db: Database,
  job: ImportJob,
  keys: ChunkKeys,
  contractNumbers: string[],
) {
  const roles = importableRoles({
    id: job.uploadedBy,
    role: job.importerRole,
    regionId: job.importerRegionId,
    cityId: null,
  });
  const store = STORES[job.kind].existing(db, job.regionId, keys, roles);
  const [regionRows, cityRows, people, refs, numbered, existing] = await db.batch([
    db.select({ timeZone: regions.timeZone }).from(regions).where(eq(regions.id, job.regionId)),
    db
      .select({ id: cities.id, name: cities.name, nameZh: cities.nameZh })
      .from(cities)
      .where(eq(cities.regionId, job.regionId)),
    db
      .select({ id: users.id, email: users.email, role: users.role })
      .from(users)
      .where(
        and(
          eq(users.regionId, job.regionId),
          eq(users.active, true),
          inArray(users.role, ['rep', 'manager']),
        ),
      )
      .orderBy(asc(users.id)),
    customerRefQuery(db, job.regionId, keys.customerRefs),
    db
      .select({ id: contracts.id, number: contracts.number })
      .from(contracts)
      .where(
        and(
          eq(contracts.regionId, job.regionId),
          sql`${contracts.number} in (select value from json_each(${asJson(contractNumbers)}))`,
        ),
      ),
    store.query,
  ] as const);
  const customerByRef = new Map<string, { id: string; ownerId: string; cityId: string }>();
  for (const customer of refs) {
    if (customer.phone) customerByRef.set(customer.phone, customer);
    if (customer.externalId) customerByRef.set(customer.externalId, customer);
  }
  const lookups: Lookups = {
    regionId: job.regionId,
    timeZone: regionRows[0]?.timeZone ?? 'UTC',
    // A manager's rows default to themselves; an admin's to the region's manager.
    defaultOwnerId:
      job.importerRole === 'manager'
        ? job.uploadedBy
        : (people.find((p) => p.role === 'manager')?.id ?? null),
    cityIdByName: new Map(
      cityRows.flatMap(
        (city) =>
          [
            [headerKey(city.name), city.id],
            [headerKey(city.nameZh), city.id],
          ] as const,
      ),
    ),
    ownerIdByEmail: new Map(people.map((person) => [person.email.toLowerCase(), person.id])),
    customerByRef,
    contractIdByNumber: new Map(numbered.map((contract) => [contract.number, contract.id])),
    importableRoles: roles,
  };
  return { lookups, existing: store.records(existing as Record<string, unknown>[]), reads: 6 };
}

/** The users a chunk creates, each with its invitation (in-app and through their routes). */
async function createUsers(db: Database, job: ImportJob, inserts: PlannedInsert[], now: number) {
  const statements: BatchItem<'sqlite'>[] = [];
  for (const { record } of inserts) {
    const created = await createUserStatements(
      db,
      {
        name: record.name as string,
        email: record.email as string,
        phone: (record.phone as string | undefined) ?? null,
        role: record.role as 'rep',
        regionId: record.regionId as string,
        cityId: (record.cityId as string | null) ?? null,
        managerId: (record.managerId as string | null) ?? null,
        locale: null,
        slack: null,
        feishu: null,
        dingtalk: null,
        wecom: null,
      },
      job.uploadedBy,
      now,
    );
    const invitation = await issueAccountToken(db, {
      userId: created.id,
      purpose: 'invite',
      createdBy: job.uploadedBy,
      origin: job.origin,
      now,
    });
    statements.push(...created.statements, ...invitation.statements);
  }
  return statements;
}

/**
 * One chunk; returns where the next chunk starts, or null when there is none to run (the import
 * finished, or this message was stale and another one moved the cursor).
 */
export async function runImportChunk(
  env: Env,
  importId: string,
  fromRow: number,
): Promise<number | null> {
  const db = openDatabase(env.DB);
  const job = await loadJob(db, importId);
  // Redelivered, stale or out of order: the chunk that moved the cursor already did this work.
  if (!job || job.status !== 'running' || job.cursor !== fromRow) return null;
  const now = Date.now();
  const size = CHUNK_ROWS[job.kind];
  const { records, end } = rowsAt(await readSource(env, job.id), job.cursorOffset, size);
  const cells = records.map((record) => cellsOf(record, job.mapping));
  const contractNumbers =
    job.kind === 'orders'
      ? [...new Set(cells.map((c) => c.contract).filter(Boolean) as string[])]
      : [];
  const { lookups, existing, reads } = await readLookups(
    db,
    job,
    chunkKeys(job.kind, cells),
    contractNumbers,
  );

  const bad: { row: number; issue: RowIssue }[] = [];
  const good: { row: number; draft: Draft }[] = [];
  cells.forEach((rowCells, i) => {
    const row = sheetRow(fromRow + i);
    const result = readRow(job.kind, rowCells, lookups, now);
    if (result.ok) good.push({ row, draft: result.draft });
    else for (const issue of result.issues) bad.push({ row, issue });
  });
  const store = STORES[job.kind];
  const plan = planChunk(
    good,
    existing,
    job.regionId,
    () => crypto.randomUUID(),
    store.altIsUnique,
  );
  bad.push(...plan.issues);

  const onlyIf = sql`(select cursor from imports where id = ${job.id} and status = 'running') = ${fromRow}`;
  const statements: BatchItem<'sqlite'>[] = [];
  const audit: ChangeEntry[] = [];
  const timelineOf = (id: string, customerId: string | null) =>
    job.kind === 'customers' ? id : customerId;
  if (job.kind === 'users') statements.push(...(await createUsers(db, job, plan.inserts, now)));
  else if (plan.inserts.length) {
    statements.push(
      insertMany(
        db,
        store.table,
        plan.inserts.map((insert) => insert.record),
        onlyIf,
      ),
    );
    for (const insert of plan.inserts)
      audit.push({
        action: `${store.subjectType}.imported`,
        subjectType: store.subjectType,
        subjectId: insert.id,
        customerId: timelineOf(insert.id, insert.customerId),
        after: insert.record,
      });
  }
  if (plan.updates.length) {
    statements.push(
      updateMany(
        db,
        store.table,
        plan.updates.map((update) => ({ ...update.after, id: update.id })),
        store.stamped ? now : null,
        onlyIf,
      ),
    );
    for (const update of plan.updates)
      audit.push({
        action: `${store.subjectType}.updated`,
        subjectType: store.subjectType,
        subjectId: update.id,
        customerId: timelineOf(update.id, update.customerId),
        before: update.before,
        after: update.after,
      });
  }
  if (audit.length) statements.push(recordChanges(db, job.uploadedBy, audit, now, onlyIf));
  if (bad.length) {
    const columnOf = (field: string | null) => {
      const index = field ? job.mapping.indexOf(field) : -1;
      return index >= 0 ? (job.headers[index] ?? field) : field;
    };
    const errorRows = bad.map(({ row, issue }) => ({
      row,
      column: columnOf(issue.field),
      reason: issue.reason,
    }));
    statements.push(
      batchableSql(
        db,
        sql`insert into import_errors (import_id, row, "column", reason)
        select ${job.id}, value ->> '$.row', value ->> '$.column', value ->> '$.reason'
        from json_each(${asJson(errorRows)}) where ${onlyIf}`,
      ),
    );
  }
  const to = fromRow + records.length;
  const done = records.length < size || to >= job.totalRows;
  const badRows = new Set(bad.map((entry) => entry.row)).size;
  statements.push(
    db
      .update(imports)
      .set({
        cursor: to,
        cursorOffset: end,
        createdCount: sql`${imports.createdCount} + ${plan.inserts.length}`,
        updatedCount: sql`${imports.updatedCount} + ${plan.updated}`,
        unchangedCount: sql`${imports.unchangedCount} + ${plan.unchanged}`,
        errorCount: sql`${imports.errorCount} + ${badRows}`,
        // This chunk's reads and writes, the job read included.
        statementCount: sql`${imports.statementCount} + ${1 + reads + statements.length + 1}`,
        updatedAt: now,
        ...(done ? { status: 'done' as const, finishedAt: now } : {}),
      })
      .where(
        and(eq(imports.id, job.id), eq(imports.status, 'running'), eq(imports.cursor, fromRow)),
      ),
  );
  const results = await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  const moved = (results.at(-1) as D1Result).meta.changes === 1;
  if (job.kind === 'users') for (const update of plan.updates) forgetSessionsOf(update.id);
  return moved && !done ? to : null;
}

/** Chunks run back to back in one queue message for this long; then the next goes on the queue. */
const RUN_BUDGET_MS = 10_000;

/**
 * The `import.chunk` job: chunks from `fromRow` on, one after another (a queue hop costs up to
 * the batch timeout), until the import ends or the budget is spent; then the next chunk is
 * enqueued. If the worker dies in between, the cron re-sends the chunk at the cursor.
 */
export async function runImport(env: Env, importId: string, fromRow: number): Promise<void> {
  const started = Date.now();
  // The message's own chunk fails loudly: the queue retries it, and gives up into the DLQ.
  let next = await runImportChunk(env, importId, fromRow);
  while (next !== null && Date.now() - started < RUN_BUDGET_MS) {
    try {
      next = await runImportChunk(env, importId, next);
    } catch (error) {
      // A later chunk gets a message of its own, with its own retries.
      console.error('import chunk failed; queued again', importId, next, error);
      break;
    }
  }
  if (next !== null)
    await sendWork(env.WORK_QUEUE, [{ kind: 'import.chunk', importId, fromRow: next }]);
}

/** The queue gave up on a chunk: the import stops there, visibly; the rows before it stay. */
export async function markImportFailed(env: Env, importId: string, reason: string): Promise<void> {
  console.error('import chunk gave up', importId, reason);
  await openDatabase(env.DB)
    .update(imports)
    .set({ status: 'failed', updatedAt: Date.now() })
    .where(and(eq(imports.id, importId), eq(imports.status, 'running')));
}
