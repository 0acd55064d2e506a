/**
 * A new deal's rows: the deal (entering its first stage now), its first stage-history entry and
 * its audit entry, for the caller's `batch()`; and the stale-deal timer to start after it.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../platform/db/client';
import { dealStageHistory, deals, type DEAL_STAGES } from '../platform/db/schema';
import { recordChange } from '../platform/audit/record-change';
import type { TimerStart } from '../../durable-objects/region-wall/wall-store';

export type DealRow = typeof deals.$inferSelect;

export type NewDeal = {
  customerId: string;
  ownerId: string;
  regionId: string;
  cityId: string;
  name: string;
  amountCents: number;
  currency: string;
  stage?: (typeof DEAL_STAGES)[number];
  expectedCloseAt?: number | null;
};

export function newDealStatements(
  db: Database,
  deal: NewDeal,
  actorId: string,
  now: number,
): { id: string; deal: DealRow; statements: BatchItem<'sqlite'>[]; timer: TimerStart } {
  const id = `deal_${crypto.randomUUID()}`;
  const stage = deal.stage ?? 'qualify';
  const row: DealRow = {
    id,
    customerId: deal.customerId,
    ownerId: deal.ownerId,
    regionId: deal.regionId,
    cityId: deal.cityId,
    name: deal.name,
    stage,
    amountCents: deal.amountCents,
    currency: deal.currency,
    expectedCloseAt: deal.expectedCloseAt ?? null,
    stageEnteredAt: now,
    lastProgressAt: now,
    closedAt: null,
    closeReason: null,
    archivedAt: null,
    createdAt: now,
  };
  return {
    id,
    deal: row,
    statements: [
      db.insert(deals).values(row),
      db.insert(dealStageHistory).values({
        id: crypto.randomUUID(),
        dealId: id,
        fromStage: null,
        toStage: stage,
        changedAt: now,
        changedBy: actorId,
      }),
      recordChange(db, {
        actorId,
        action: 'deal.created',
        subjectType: 'deal',
        subjectId: id,
        customerId: deal.customerId,
        after: {
          name: row.name,
          stage,
          amountCents: row.amountCents,
          currency: row.currency,
          expectedCloseAt: row.expectedCloseAt,
          ownerId: row.ownerId,
        },
        now,
      }),
    ],
    timer: {
      kind: 'stale_deal',
      subjectId: id,
      anchorAt: now,
      ownerId: deal.ownerId,
      title: deal.name,
    },
  };
}
