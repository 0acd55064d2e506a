/**
 * The customer search index (migration 0011_customer_search): an FTS5 table with trigram tokens, one row per
 * customer under the customer's rowid, kept in step by triggers. Declared here rather than in
 * the schema so drizzle-kit never tries to create it as an ordinary table.
 */
import { sql, type SQL } from 'drizzle-orm';
import { integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { customers } from '../platform/db/schema';

export const customerSearch = sqliteTable('customer_search', {
  rowid: integer('rowid').notNull(),
  body: text('body').notNull(),
  /** FTS5's relevance (bm25): lower is better. */
  rank: real('rank').notNull(),
});

/** Trigrams need three characters: shorter terms are found by the plain scan instead. */
const MIN_TERM_LENGTH = 3;

/**
 * The FTS5 query for what the user typed: every term must appear (as a substring, any case), or
 * null when a term is too short for the index.
 */
export function searchTerms(typed: string): string | null {
  const terms = typed.trim().split(/\s+/).filter(Boolean);
  if (terms.length === 0 || terms.some((term) => [...term].length < MIN_TERM_LENGTH)) return null;
  return terms.map((term) => `"${term.replace(/"/g, '""')}"`).join(' AND ');
}

/** The join from a customer to its index row, and the match condition. */
export const joinedToCustomer = sql`${customerSearch.rowid} = ${customers}.rowid`;
export const matches = (terms: string): SQL => sql`${customerSearch} MATCH ${terms}`;
