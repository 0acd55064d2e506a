import type { SQL } from 'drizzle-orm';
import type { Database } from './client';

/**
 * A hand-written statement that can go in `db.batch()`. Drizzle's D1 batch binds parameters on a
 * prepared statement that its raw queries (`db.run(sql…)`) never prepare, so a raw query with
 * parameters fails there; this prepares it on the same D1 client. Use for statements the query
 * builder cannot express (multi-row writes from one JSON parameter: `json_each`).
 */
export function batchableSql(db: Database, query: SQL) {
  const raw = db.run(query);
  const stmt = db.$client.prepare(raw.getQuery().sql);
  return Object.assign(raw, { stmt });
}
