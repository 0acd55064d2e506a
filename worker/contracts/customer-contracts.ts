import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { contracts } from '../platform/db/schema';
import { displayedStatus } from './contract-status';

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

/** The rows as the page shows them: an active contract past its end reads as expired. */
export function contractsForCustomerPage(
  rows: Awaited<ReturnType<typeof customerContracts>>,
  now: number,
) {
  return rows.map((row) => ({ ...row, shownStatus: displayedStatus(row, now) }));
}
