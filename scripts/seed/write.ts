/**
 * Writes a generated demo company into D1 through the binding (local or test), in foreign-key
 * order, as multi-row INSERTs of at most 100 bound parameters each, sent in batches.
 */
import { getTableColumns, getTableName, is, SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from '../../worker/platform/db/schema';
import { hashPassword } from '../../worker/auth/password';
import { backfillRollups } from '../../worker/reports/rollups';
import { shiftDay } from '../../worker/reports/report-rules';
import { localDay } from '../../worker/platform/time/zones';
import { DEMO_PASSWORD, type SeedData } from './generate';

const STATEMENTS_PER_BATCH = 20;
// Well under D1's 2 MB limit for one bound value.
const MAX_CHUNK_BYTES = 256 * 1024;

type Progress = (table: string, written: number) => void;

/**
 * Bulk INSERT with a single bound parameter per statement: a JSON array of rows unpacked by
 * `json_each`, so D1's 100-parameter limit never binds and each statement carries hundreds of
 * rows. Values are converted by each column's own driver mapping (JSON, booleans) first.
 */
async function insertAll<T extends SQLiteTable>(
  d1: D1Database,
  table: T,
  rows: Iterable<T['$inferInsert']>,
  progress?: Progress,
) {
  const name = getTableName(table);
  const columns = Object.entries(getTableColumns(table));
  const columnList = columns.map(([, column]) => `"${column.name}"`).join(', ');
  const picks = columns.map((_, i) => `row.value ->> ${i}`).join(', ');
  const insertSql = `INSERT INTO "${name}" (${columnList}) SELECT ${picks} FROM json_each(?1) AS row`;
  const toValues = (row: Record<string, unknown>) =>
    columns.map(([key, column]) => {
      const value = row[key];
      if (value === undefined) return column.hasDefault ? defaultOf(column) : null;
      return value === null ? null : column.mapToDriverValue(value);
    });
  let chunk: unknown[][] = [];
  let chunkBytes = 0;
  let statements: D1PreparedStatement[] = [];
  let written = 0;
  const closeChunk = () => {
    if (chunk.length === 0) return;
    statements.push(d1.prepare(insertSql).bind(JSON.stringify(chunk)));
    written += chunk.length;
    chunk = [];
    chunkBytes = 0;
  };
  const flush = async () => {
    closeChunk();
    if (statements.length === 0) return;
    await d1.batch(statements);
    statements = [];
    progress?.(name, written);
  };
  for (const row of rows) {
    const values = toValues(row as Record<string, unknown>);
    chunk.push(values);
    chunkBytes += JSON.stringify(values).length;
    if (chunkBytes >= MAX_CHUNK_BYTES) {
      closeChunk();
      if (statements.length === STATEMENTS_PER_BATCH) await flush();
    }
  }
  await flush();
  return written;
}

/** The value a column gets when the row leaves it out: its JS default, or now for `now` SQL defaults. */
function defaultOf(column: SQLiteColumn): unknown {
  // The only SQL-expression defaults in this schema are "now".
  return is(column.default, SQL) ? Date.now() : column.mapToDriverValue(column.default);
}

export async function isDatabaseSeeded(d1: D1Database): Promise<boolean> {
  const row = await d1.prepare('SELECT count(*) AS n FROM users').first<{ n: number }>();
  return (row?.n ?? 0) > 0;
}

/** Tables in reverse dependency order, for `--reset`. */
const TABLES_CHILD_FIRST = [
  'notification_attempts',
  'notifications',
  'escalations',
  'reports',
  'daily_first_responses',
  'daily_rollups',
  'rollup_days',
  'audit_log',
  'idempotency_keys',
  'webhook_deliveries',
  'webhook_sources',
  'tasks',
  'task_templates',
  'campaigns',
  'lead_touches',
  'leads',
  'payments',
  'order_lines',
  'orders',
  'contract_expiry_alerts',
  'renewal_checks',
  'renewal_preparations',
  'contracts',
  'visits',
  'deal_documents',
  'stage_gates',
  'deal_stage_history',
  'deals',
  'contacts',
  'customer_health_nights',
  'customers',
  'api_tokens',
  'sessions',
  'account_tokens',
  'login_throttle',
  'users',
  'cities',
  'region_stats',
  'regions',
];

export async function clearDatabase(d1: D1Database): Promise<void> {
  await d1.batch(TABLES_CHILD_FIRST.map((table) => d1.prepare(`DELETE FROM ${table}`)));
}

export async function writeSeed(
  d1: D1Database,
  data: SeedData,
  progress?: Progress,
): Promise<Record<string, number>> {
  // Each demo account gets its own salt, like any real account.
  const usersWithPasswords = await Promise.all(
    data.users.map(async (user) => ({ ...user, passwordHash: await hashPassword(DEMO_PASSWORD) })),
  );
  const written: Record<string, number> = {};
  const steps: [string, SQLiteTable, Iterable<object>][] = [
    ['regions', schema.regions, data.regions],
    ['region_stats', schema.regionStats, data.regionStats],
    ['cities', schema.cities, data.cities],
    ['users', schema.users, usersWithPasswords],
    ['customers', schema.customers, data.customers],
    ['contacts', schema.contacts, data.contacts],
    ['deals', schema.deals, data.deals],
    ['deal_stage_history', schema.dealStageHistory, data.dealStageHistory],
    ['stage_gates', schema.stageGates, data.stageGates],
    ['contracts', schema.contracts, data.contracts],
    ['orders', schema.orders, data.orders],
    ['order_lines', schema.orderLines, data.orderLines],
    ['payments', schema.payments, data.payments],
    ['leads', schema.leads, data.leads],
    ['lead_touches', schema.leadTouches, data.leadTouches],
    ['campaigns', schema.campaigns, data.campaigns],
    ['task_templates', schema.taskTemplates, data.taskTemplates],
    ['tasks', schema.tasks, data.tasks],
    ['webhook_sources', schema.webhookSources, data.webhookSources],
    ['visits', schema.visits, data.visits()],
  ];
  for (const [name, table, rows] of steps) {
    written[name] = await insertAll(
      d1,
      table,
      rows as Iterable<SQLiteTable['$inferInsert']>,
      progress,
    );
  }
  // Fresh statistics so the planner picks the indexes on the bulk-loaded tables.
  await d1.exec('PRAGMA optimize');
  written.daily_rollups = await rollUpHistory(d1, data);
  return written;
}

/** The daily rollups of the seeded history, up to yesterday, so reports have something to compare. */
async function rollUpHistory(d1: D1Database, data: SeedData): Promise<number> {
  const now = Date.now();
  const firstVisits = data.customers.flatMap((c) => (c.firstVisitAt ? [c.firstVisitAt] : []));
  const start = Math.min(now, ...firstVisits, ...data.leads.map((lead) => lead.createdAt));
  let written = 0;
  for (const region of data.regions) {
    const yesterday = shiftDay(localDay(now, region.timeZone), -1);
    written += await backfillRollups(
      { DB: d1 },
      region.id,
      localDay(start, region.timeZone),
      yesterday,
      now,
    );
  }
  return written;
}
