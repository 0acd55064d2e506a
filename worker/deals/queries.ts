import { desc, eq } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import {
  customers,
  dealDocuments,
  dealStageHistory,
  deals,
  regions,
  users,
} from '../platform/db/schema';
import { aliased, aliasedColumns } from '../platform/db/aliased';
import { scopedById } from '../platform/access/scope';
import { mayEditRecord, type Viewer } from '../platform/access/policy';
import { contactRolesOfDeal, dealEvidenceQuery, evidenceFrom, gatesQuery } from './gate-evidence';
import { documentKindsOf, missingForMove, nextStage } from './stage-gates';

/**
 * One deal with everything its page shows, in one round trip, or null when missing or outside
 * the viewer's read scope: its customer, owner and region's time zone, whether the viewer may
 * change it, its stage history, documents and notes, and what the next stage's gates still ask.
 */
export async function getDeal(db: Database, viewer: Viewer, id: string) {
  const creator = aliased(users.name, 'creator_name');
  const [dealRows, historyRows, documentRows, gateRows, evidenceRows, roleRows] = await db.batch([
    db
      .select({
        deal: aliasedColumns(deals, 'deal'),
        customerName: aliased(customers.name, 'customer_name'),
        ownerName: aliased(users.name, 'owner_name'),
        timeZone: aliased(regions.timeZone, 'region_time_zone'),
      })
      .from(deals)
      .innerJoin(customers, eq(customers.id, deals.customerId))
      .innerJoin(users, eq(users.id, deals.ownerId))
      .innerJoin(regions, eq(regions.id, deals.regionId))
      .where(scopedById(viewer, 'deals', deals.id, id))
      .limit(1),
    db
      .select({
        id: dealStageHistory.id,
        fromStage: dealStageHistory.fromStage,
        toStage: dealStageHistory.toStage,
        changedAt: dealStageHistory.changedAt,
        byName: aliased(users.name, 'changed_by_name'),
      })
      .from(dealStageHistory)
      .leftJoin(users, eq(users.id, dealStageHistory.changedBy))
      .where(eq(dealStageHistory.dealId, id))
      .orderBy(desc(dealStageHistory.changedAt))
      .limit(50),
    db
      .select({
        id: dealDocuments.id,
        kind: dealDocuments.kind,
        documentKind: dealDocuments.documentKind,
        fileName: dealDocuments.fileName,
        contentType: dealDocuments.contentType,
        sizeBytes: dealDocuments.sizeBytes,
        note: dealDocuments.note,
        createdAt: dealDocuments.createdAt,
        creatorName: creator,
      })
      .from(dealDocuments)
      .innerJoin(users, eq(users.id, dealDocuments.createdBy))
      .where(eq(dealDocuments.dealId, id))
      .orderBy(desc(dealDocuments.createdAt))
      .limit(100),
    gatesQuery(db, null),
    dealEvidenceQuery(db, id),
    contactRolesOfDeal(db, id),
  ]);
  const found = dealRows[0];
  if (!found) return null;
  const deal = found.deal;
  const next = nextStage(deal.stage);
  const evidence = evidenceFrom(evidenceRows, roleRows);
  return {
    ...deal,
    customerName: found.customerName,
    ownerName: found.ownerName,
    timeZone: found.timeZone,
    editable: mayEditRecord(viewer, 'deals', deal),
    history: historyRows,
    documents: documentRows,
    /** What a file may be filed as: the kinds the gates name (and "other"). */
    documentKinds: documentKindsOf(gateRows),
    nextStage: next,
    missingForNextStage: next ? missingForMove(deal.stage, next, gateRows, evidence) : [],
  };
}

export type DealDetail = NonNullable<Awaited<ReturnType<typeof getDeal>>>;
