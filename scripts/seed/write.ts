/**
 * Writes a generated demo company into D1 through the binding (local or test), in foreign-key
 * order, as multi-row INSERTs of at most 100 bound parameters each, sent in batches.
 */
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { openDatabase, type Database } from '../../worker/db/client';
import * as schema from '../../worker/db/schema';
import { hashPassword } from '../../worker/auth/password';
import { DEMO_PASSWORD, type SeedData } from './generate';

const D1_MAX_PARAMETERS = 100;
const STATEMENTS_PER_BATCH = 50;

type Progress = (table: string, written: number) => void;

/** Rows per INSERT so that rows × columns stays within D1's bound-parameter limit. */
export function rowsPerStatement(table: SQLiteTable): number {
  return Math.max(1, Math.floor(D1_MAX_PARAMETERS / Object.keys(getTableColumns(table)).length));
}

async function insertAll<T extends SQLiteTable>(db: Database, table: T, rows: Iterable<T['$inferInsert']>, progress?: Progress) {
  const name = getTableName(table);
  const perStatement = rowsPerStatement(table);
  let chunk: T['$inferInsert'][] = [];
  let statements: ReturnType<typeof buildInsert>[] = [];
  let written = 0;
  const buildInsert = (values: T['$inferInsert'][]) => db.insert(table).values(values);
  const flushStatements = async () => {
    if (statements.length === 0) return;
    const [first, ...rest] = statements;
    await db.batch([first!, ...rest]);
    statements = [];
    progress?.(name, written);
  };
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length === perStatement) {
      statements.push(buildInsert(chunk));
      written += chunk.length;
      chunk = [];
      if (statements.length === STATEMENTS_PER_BATCH) await flushStatements();
    }
  }
  if (chunk.length > 0) {
    statements.push(buildInsert(chunk));
    written += chunk.length;
  }
  await flushStatements();
  return written;
}

export async function isDatabaseSeeded(d1: D1Database): Promise<boolean> {
  const row = await d1.prepare('SELECT count(*) AS n FROM users').first<{ n: number }>();
  return (row?.n ?? 0) > 0;
}

/** Tables in reverse dependency order, for `--reset`. */
const TABLES_CHILD_FIRST = [
  'notification_attempts', 'notifications', 'escalations', 'reports', 'audit_log', 'idempotency_keys', 'webhook_deliveries', 'webhook_sources',
  'tasks', 'task_templates', 'campaigns', 'lead_touches', 'leads', 'purchases', 'contract_expiry_alerts', 'contracts', 'visits',
  'deal_stage_history', 'deals', 'contacts', 'customers', 'api_tokens', 'sessions', 'login_throttle', 'users', 'cities', 'region_stats', 'regions',
];

export async function clearDatabase(d1: D1Database): Promise<void> {
  await d1.batch(TABLES_CHILD_FIRST.map((table) => d1.prepare(`DELETE FROM ${table}`)));
}

export async function writeSeed(d1: D1Database, data: SeedData, progress?: Progress): Promise<Record<string, number>> {
  const db = openDatabase(d1);
  // Each demo account gets its own salt, like any real account.
  const usersWithPasswords = await Promise.all(data.users.map(async (user) => ({ ...user, passwordHash: await hashPassword(DEMO_PASSWORD) })));
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
    ['contracts', schema.contracts, data.contracts],
    ['purchases', schema.purchases, data.purchases],
    ['leads', schema.leads, data.leads],
    ['lead_touches', schema.leadTouches, data.leadTouches],
    ['campaigns', schema.campaigns, data.campaigns],
    ['task_templates', schema.taskTemplates, data.taskTemplates],
    ['tasks', schema.tasks, data.tasks],
    ['webhook_sources', schema.webhookSources, data.webhookSources],
    ['visits', schema.visits, data.visits()],
  ];
  for (const [name, table, rows] of steps) {
    written[name] = await insertAll(db, table, rows as Iterable<SQLiteTable['$inferInsert']>, progress);
  }
  // Fresh statistics so the planner picks the indexes on the bulk-loaded tables.
  await db.run(sql`PRAGMA optimize`);
  return written;
}
