import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../platform/db/client';

/** Statements per D1 batch: a region's reminders go out in a few round trips, not one per rep. */
const STATEMENTS_PER_BATCH = 50;

/** Runs the statements in batches of 50 and returns how many rows they wrote. */
export async function inBatches(db: Database, statements: BatchItem<'sqlite'>[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
    const chunk = statements.slice(i, i + STATEMENTS_PER_BATCH) as [
      BatchItem<'sqlite'>,
      ...BatchItem<'sqlite'>[],
    ];
    const results = await db.batch(chunk);
    for (const result of results as { meta?: { changes?: number } }[])
      written += result.meta?.changes ?? 0;
  }
  return written;
}
