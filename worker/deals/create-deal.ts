/**
 * A new deal on a customer: one read batch (the customer in scope, the gates of the chosen stage,
 * the customer's contacts), then the rows to write in the caller's create-once batch: the deal,
 * its first stage-history row and the audit entry. The owner is the customer's owner.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../platform/db/client';
import { customers, type DealStage, type Locale } from '../platform/db/schema';
import { mayPlaceRecord, type Viewer } from '../platform/access/policy';
import { scopedById } from '../platform/access/scope';
import { notFound } from '../platform/http/errors';
import type { Translate } from '../platform/i18n';
import type { ClockChange } from './deal-clock';
import type { DealFields } from './deal-input';
import { contactRolesQuery, evidenceFrom, gatesQuery } from './gate-evidence';
import { assertGatesMet } from './gate-refusal';
import { missingForMove } from './stage-gates';
import { newDealStatements, type DealRow } from './new-deal';

export type { DealRow };

export const CREATE_DEAL_ROUTE = 'deals.create';

/** What the API answers for a deal (times become ISO 8601 with the caller's offset in platform/http/api-times.ts). */
export function dealJson(deal: DealRow) {
  return {
    id: deal.id,
    customerId: deal.customerId,
    ownerId: deal.ownerId,
    regionId: deal.regionId,
    name: deal.name,
    stage: deal.stage,
    amountCents: deal.amountCents,
    currency: deal.currency,
    expectedCloseAt: deal.expectedCloseAt,
    stageEnteredAt: deal.stageEnteredAt,
    lastProgressAt: deal.lastProgressAt,
    closedAt: deal.closedAt,
    closeReason: deal.closeReason,
    archivedAt: deal.archivedAt,
    createdAt: deal.createdAt,
  };
}

export async function prepareNewDeal(
  db: Database,
  viewer: Viewer,
  customerId: string,
  fields: DealFields & { stage: DealStage },
  now: number,
  reader: { t: Translate; locale: Locale },
): Promise<{ deal: DealRow; statements: BatchItem<'sqlite'>[]; clock: ClockChange }> {
  const [customerRows, gates, roles] = await db.batch([
    db
      .select()
      .from(customers)
      .where(scopedById(viewer, 'customers', customers.id, customerId))
      .limit(1),
    gatesQuery(db, fields.stage),
    contactRolesQuery(db, customerId),
  ]);
  const customer = customerRows[0];
  // A customer the viewer may not put a deal on is answered like a missing one.
  if (
    !customer ||
    customer.archivedAt !== null ||
    !mayPlaceRecord(viewer, 'deals', {
      regionId: customer.regionId,
      cityId: customer.cityId,
      ownerId: customer.ownerId,
    })
  )
    throw notFound();
  // A deal created straight into a gated stage needs what the gate asks, like a move into it.
  assertGatesMet(
    fields.stage,
    missingForMove(null, fields.stage, gates, evidenceFrom([], roles)),
    reader.t,
    reader.locale,
  );
  const { deal, statements, timer } = newDealStatements(
    db,
    {
      customerId: customer.id,
      ownerId: customer.ownerId,
      regionId: customer.regionId,
      cityId: customer.cityId,
      ...fields,
    },
    viewer.id,
    now,
  );
  return { deal, statements, clock: { regionId: deal.regionId, start: timer } };
}
