import { drizzle } from 'drizzle-orm/d1';
import * as schema from './schema';

/** Drizzle over a D1 binding, or over one request's D1 session (read replicas, read-session.ts). */
export function openDatabase(d1: D1Database | D1DatabaseSession) {
  // A session offers the prepare/batch that drizzle's D1 driver uses; its types only name the binding.
  return drizzle(d1 as D1Database, { schema });
}

export type Database = ReturnType<typeof openDatabase>;
