import type { SQL } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';

const dialect = new SQLiteAsyncDialect();

/**
 * A hand-written set-based statement (`INSERT … SELECT`, `UPDATE … FROM` with CTEs) as a D1
 * statement for `D1Database.batch`: drizzle's batch takes its own builders only, and the
 * scheduled jobs' statements are written in SQL (with drizzle's tables and bound values).
 */
export function setStatement(d1: D1Database, query: SQL): D1PreparedStatement {
  const { sql, params } = dialect.sqlToQuery(query);
  return d1.prepare(sql).bind(...params);
}
