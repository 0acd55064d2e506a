import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { contracts } from '../platform/db/schema';

/** The customer page's contracts (archived ones left out), latest end first. */
export function customerContracts(db: Database, customerId: string) {
  return db
    .select({
      id: contracts.id,
      number: contracts.number,
      status: contracts.status,
      amountCents: contracts.amountCents,
      currency: contracts.currency,
      endAt: contracts.endAt,
    })
    .from(contracts)
    .where(and(eq(contracts.customerId, customerId), isNull(contracts.archivedAt)))
    .orderBy(desc(contracts.endAt))
    .limit(20);
}
