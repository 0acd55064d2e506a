/**
 * Changes to a deal by someone who may edit it: its fields, its stage (through the gates; won
 * and lost with a reason), archive and restore. One read batch (the deal in edit scope and what
 * the gates of the new stage need), then one write batch: the deal, a stage-history row when the
 * stage moves, and the audit entry with before → after.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { dealStageHistory, deals, type Locale } from '../platform/db/schema';
import type { Viewer } from '../platform/access/policy';
import { editableById } from '../platform/access/scope';
import { recordChange } from '../platform/audit/record-change';
import { archivalStatements } from '../platform/audit/archival';
import { HttpError, notFound } from '../platform/http/errors';
import type { Translate } from '../platform/i18n';
import type { DealRow } from './create-deal';
import type { ClockChange } from './deal-clock';
import type { DealChange } from './deal-input';
import { contactRolesOfDeal, dealEvidenceQuery, evidenceFrom, gatesQuery } from './gate-evidence';
import { assertGatesMet } from './gate-refusal';
import { isClosedStage, missingForMove } from './stage-gates';

/** A change to an archived deal (its fields, stage or documents) waits for its restore. */
export const dealArchived = () =>
  new HttpError(409, 'deal_archived', 'This deal is archived. Restore it before changing it.');

const EDITABLE_FIELDS = ['name', 'amountCents', 'currency', 'expectedCloseAt'] as const;

export async function changeDeal(
  db: Database,
  viewer: Viewer,
  dealId: string,
  change: DealChange,
  now: number,
  reader: { t: Translate; locale: Locale },
): Promise<{ deal: DealRow; clock: ClockChange }> {
  const [dealRows, gates, documents, roles] = await db.batch([
    db
      .select()
      .from(deals)
      .where(editableById(viewer, 'deals', deals.id, dealId))
      .limit(1),
    gatesQuery(db, change.stage ?? null),
    dealEvidenceQuery(db, dealId),
    contactRolesOfDeal(db, dealId),
  ]);
  const before = dealRows[0];
  if (!before) throw notFound();
  if (before.archivedAt !== null) throw dealArchived();

  const after: DealRow = { ...before };
  for (const field of EDITABLE_FIELDS)
    if (change[field] !== undefined) Object.assign(after, { [field]: change[field] });
  const moved = change.stage !== undefined && change.stage !== before.stage;
  if (moved && change.stage) {
    assertGatesMet(
      change.stage,
      missingForMove(before.stage, change.stage, gates, evidenceFrom(documents, roles)),
      reader.t,
      reader.locale,
    );
    Object.assign(after, {
      stage: change.stage,
      stageEnteredAt: now,
      lastProgressAt: now,
      closedAt: isClosedStage(change.stage) ? now : null,
      closeReason: isClosedStage(change.stage) ? (change.closeReason ?? null) : null,
    });
  } else if (change.closeReason !== undefined && isClosedStage(before.stage)) {
    // A closed deal's reason may be reworded without moving it.
    after.closeReason = change.closeReason;
  }

  const snapshot = (deal: DealRow) => ({
    name: deal.name,
    amountCents: deal.amountCents,
    currency: deal.currency,
    expectedCloseAt: deal.expectedCloseAt,
    stage: deal.stage,
    closeReason: deal.closeReason,
  });
  // Nothing to change (an empty PATCH, the same values again): no write, no audit entry.
  if (!moved && JSON.stringify(snapshot(before)) === JSON.stringify(snapshot(after)))
    return { deal: before, clock: null };
  await db.batch([
    db
      .update(deals)
      .set({
        name: after.name,
        amountCents: after.amountCents,
        currency: after.currency,
        expectedCloseAt: after.expectedCloseAt,
        stage: after.stage,
        stageEnteredAt: after.stageEnteredAt,
        lastProgressAt: after.lastProgressAt,
        closedAt: after.closedAt,
        closeReason: after.closeReason,
      })
      .where(eq(deals.id, dealId)),
    ...(moved
      ? [
          db.insert(dealStageHistory).values({
            id: crypto.randomUUID(),
            dealId,
            fromStage: before.stage,
            toStage: after.stage,
            changedAt: now,
            changedBy: viewer.id,
          }),
        ]
      : []),
    recordChange(db, {
      actorId: viewer.id,
      action: moved ? 'deal.stage_changed' : 'deal.updated',
      subjectType: 'deal',
      subjectId: dealId,
      customerId: before.customerId,
      before: snapshot(before),
      after: snapshot(after),
      now,
    }),
  ]);
  return { deal: after, clock: moved ? clockFor(after) : null };
}

/** An open deal's clock counts from its last progress; a closed one has none. */
function clockFor(deal: DealRow): ClockChange {
  if (isClosedStage(deal.stage) || deal.archivedAt !== null)
    return { regionId: deal.regionId, stop: { dealId: deal.id } };
  return {
    regionId: deal.regionId,
    start: {
      kind: 'stale_deal',
      subjectId: deal.id,
      anchorAt: deal.lastProgressAt,
      ownerId: deal.ownerId,
      title: deal.name,
    },
  };
}

/** Archive (out of lists and timers) or restore (back intact); doing it twice changes nothing. */
export async function setDealArchived(
  db: Database,
  viewer: Viewer,
  dealId: string,
  archive: boolean,
  now: number,
): Promise<{ deal: DealRow; clock: ClockChange }> {
  const [before] = await db
    .select()
    .from(deals)
    .where(editableById(viewer, 'deals', deals.id, dealId))
    .limit(1);
  if (!before) throw notFound();
  if ((before.archivedAt !== null) === archive) return { deal: before, clock: null };
  const { archivedAt, statements } = archivalStatements(db, deals, before, {
    archive,
    subjectType: 'deal',
    actorId: viewer.id,
    now,
  });
  await db.batch(statements);
  const after: DealRow = { ...before, archivedAt };
  return { deal: after, clock: clockFor(after) };
}
