import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { customers } from '../platform/db/schema';

/**
 * Work (a lead, a deal) that belongs to no customer or to one not archived: an archived customer's
 * work leaves lists, counts and timers until the customer is restored.
 */
export function ofLiveCustomer(customerId: SQLiteColumn): SQL {
  return sql`(${customerId} is null or ${customerId} not in (select ${customers.id} from ${customers} where ${customers.archivedAt} is not null))`;
}
