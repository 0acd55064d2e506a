/**
 * Logs a visit: one read batch (idempotency key, customer in scope, deal, what the deal's stage
 * gates need), the photo to R2, then
 * one write batch (visit, customer's last touch and next follow-up, deal stage and its history,
 * the idempotency record). A repeated submit with the same key returns the first visit.
 */
import { and, eq, gte, isNull, notInArray, sum } from 'drizzle-orm';
import type { Viewer } from '../platform/access/policy';
import { scopedById } from '../platform/access/scope';
import type { Database } from '../platform/db/client';
import {
  contracts,
  customers,
  dealStageHistory,
  deals,
  idempotencyKeys,
  regionStats,
  visits,
  type DealStage,
  type Locale,
} from '../platform/db/schema';
import { customerHealth, leastAdvancedOpenDeal } from '../customers/health';
import { HttpError, notFound } from '../platform/http/errors';
import { aciMusts } from './aci';
import { verifyCheckIn } from './check-in';
import { commitmentTitle } from '../../durable-objects/region-wall/timer-kinds';
import type { VisitInput } from './visit-input';
import type { Translate } from '../platform/i18n';
import {
  contactRolesQuery,
  dealEvidenceQuery,
  evidenceFrom,
  gatesQuery,
} from '../deals/gate-evidence';
import { assertGatesMet } from '../deals/gate-refusal';
import { isClosedStage, missingForMove } from '../deals/stage-gates';
import { closeReasonFromVisit } from '../deals/deal-input';

export const LOG_VISIT_ROUTE = 'visits.create';

export type VisitPhoto = { bytes: ArrayBuffer; contentType: string };
export type LoggedVisit = {
  visitId: string;
  customerId: string;
  replayed: boolean;
  /** What the region wall's timers need to know about a new visit. */
  timers?: {
    regionId: string;
    repId: string;
    deal: { id: string; name: string; progressAt: number } | null;
    commitment: { text: string; dueAt: number; title: string } | null;
  };
};

export function photoKey(customerId: string): string {
  // Unguessable: the key alone never grants access (photos are served through a scope check),
  // but it must not be enumerable either.
  return `photos/${customerId}/${crypto.randomUUID()}`;
}

const keyRow = (db: Database, userId: string, key: string) =>
  db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)))
    .limit(1);

/** The visit a used key stands for; a key used for another kind of request is refused. */
function replayOf(row: typeof idempotencyKeys.$inferSelect | undefined): LoggedVisit | null {
  if (!row) return null;
  if (row.route !== LOG_VISIT_ROUTE)
    throw new HttpError(
      422,
      'idempotency_key_reused',
      'This idempotency key was already used for another request.',
    );
  return {
    ...(JSON.parse(row.responseBody) as { visitId: string; customerId: string }),
    replayed: true,
  };
}

export async function logVisit(
  db: Database,
  files: R2Bucket,
  viewer: Viewer & { name: string },
  input: VisitInput & { idempotencyKey: string; photo: VisitPhoto | null },
  now: number,
  reader: { t: Translate; locale: Locale },
): Promise<LoggedVisit> {
  const [
    keyRows,
    customerRows,
    dealRows,
    openDeals,
    contractValue,
    regionStat,
    gates,
    dealDocuments,
    contactRoles,
  ] = await db.batch([
    keyRow(db, viewer.id, input.idempotencyKey),
    db
      .select()
      .from(customers)
      .where(scopedById(viewer, 'customers', customers.id, input.customerId))
      .limit(1),
    db
      .select()
      .from(deals)
      // An archived deal has left the book: a visit neither moves it nor restarts its clock.
      .where(
        and(
          eq(deals.id, input.dealId ?? ''),
          eq(deals.customerId, input.customerId),
          isNull(deals.archivedAt),
        ),
      )
      .limit(1),
    // What the health score needs after this visit.
    db
      .select({ id: deals.id, stage: deals.stage, stageEnteredAt: deals.stageEnteredAt })
      .from(deals)
      .where(
        and(
          eq(deals.customerId, input.customerId),
          notInArray(deals.stage, ['won', 'lost']),
          isNull(deals.archivedAt),
        ),
      ),
    db
      .select({ cents: sum(contracts.amountCents) })
      .from(contracts)
      .where(
        and(
          eq(contracts.customerId, input.customerId),
          gte(contracts.endAt, now),
          isNull(contracts.archivedAt),
        ),
      ),
    db
      .select({ p90: regionStats.contractValueP90Cents })
      .from(regionStats)
      .innerJoin(customers, eq(customers.regionId, regionStats.regionId))
      .where(eq(customers.id, input.customerId))
      .limit(1),
    // What the stage gates need, when the visit moves a deal.
    gatesQuery(db, input.stage ?? null),
    dealEvidenceQuery(db, input.dealId ?? ''),
    contactRolesQuery(db, input.customerId),
  ]);
  const replay = replayOf(keyRows[0]);
  if (replay) return replay;
  const customer = customerRows[0];
  // Another rep's customer is answered exactly like a missing one.
  if (!customer) throw notFound();
  // An archived customer has left the book: nothing is logged on it until it is restored.
  if (customer.archivedAt !== null)
    throw new HttpError(422, 'customer_archived', reader.t('visit.error.customerArchived'));
  const deal = input.dealId ? dealRows[0] : undefined;
  if (input.dealId && !deal)
    throw new HttpError(422, 'unknown_deal', 'That deal does not belong to this customer.');

  const position =
    input.lat !== undefined && input.lng !== undefined ? { lat: input.lat, lng: input.lng } : null;
  const customerPosition =
    customer.lat !== null && customer.lng !== null
      ? { lat: customer.lat, lng: customer.lng }
      : null;
  const checkIn = verifyCheckIn(position, customerPosition);
  const stageReached: DealStage | null = deal ? (input.stage ?? deal.stage) : null;
  // A visit that moves a deal forward passes the same gates as the deal's own page.
  if (deal && stageReached)
    assertGatesMet(
      stageReached,
      missingForMove(deal.stage, stageReached, gates, evidenceFrom(dealDocuments, contactRoles)),
      reader.t,
      reader.locale,
    );
  const key = input.photo ? photoKey(customer.id) : null;
  const musts = aciMusts({
    nextFollowUpAt: input.nextFollowUpAt,
    photoKey: key,
    checkInStatus: checkIn.status,
    dealId: deal?.id ?? null,
    stageReached,
  });

  if (input.photo && key) {
    await files.put(key, input.photo.bytes, {
      httpMetadata: { contentType: input.photo.contentType },
      customMetadata: { customerId: customer.id },
    });
  }

  const visitId = crypto.randomUUID();
  const isLatestTouch = customer.lastTouchAt === null || now >= customer.lastTouchAt;
  const stageChanged = deal && stageReached && stageReached !== deal.stage;
  const health = customerHealth({
    now,
    lastTouchAt: now,
    openDeal: leastAdvancedOpenDeal(
      openDeals.map((open) =>
        stageChanged && open.id === deal.id ? { stage: stageReached, stageEnteredAt: now } : open,
      ),
    ),
    contractValueCents: Number(contractValue[0]?.cents ?? 0),
    regionP90ContractValueCents: regionStat[0]?.p90 ?? 0,
  });
  try {
    await db.batch([
      db.insert(idempotencyKeys).values({
        userId: viewer.id,
        key: input.idempotencyKey,
        route: LOG_VISIT_ROUTE,
        statusCode: 201,
        responseBody: JSON.stringify({ visitId, customerId: customer.id }),
        createdAt: now,
      }),
      db.insert(visits).values({
        id: visitId,
        customerId: customer.id,
        repId: viewer.id,
        regionId: customer.regionId,
        cityId: customer.cityId,
        dealId: deal?.id ?? null,
        visitedAt: now,
        checkInLat: position?.lat ?? null,
        checkInLng: position?.lng ?? null,
        checkInDistanceM: checkIn.distanceM,
        checkInStatus: checkIn.status,
        summary: input.summary,
        photoKey: key,
        stageReached,
        nextFollowUpAt: input.nextFollowUpAt,
        commitmentText: input.commitmentText ?? null,
        commitmentDueAt: input.commitmentDueAt ?? null,
        aciNextFollowUp: musts.nextFollowUp,
        aciEvidence: musts.evidence,
        aciStage: musts.stage,
        createdAt: now,
      }),
      db
        .update(customers)
        .set({
          // A visit synced late from an offline phone must not undo a newer visit's plan.
          ...(isLatestTouch ? { lastTouchAt: now, nextFollowUpAt: input.nextFollowUpAt } : {}),
          firstVisitAt: customer.firstVisitAt ?? now,
          dormant: false,
          healthScore: health.score,
          healthWeakest: health.weakest,
          lifecycleStage:
            customer.lifecycleStage === 'prospect' ||
            customer.lifecycleStage === 'dormant' ||
            customer.lifecycleStage === 'nurture'
              ? 'onboarding'
              : customer.lifecycleStage,
          updatedAt: now,
        })
        .where(eq(customers.id, customer.id)),
      ...(deal && stageReached
        ? [
            db
              .update(deals)
              .set({
                stage: stageReached,
                lastProgressAt: now,
                ...(stageChanged
                  ? {
                      stageEnteredAt: now,
                      closedAt: isClosedStage(stageReached) ? now : null,
                      closeReason: isClosedStage(stageReached)
                        ? closeReasonFromVisit(input.summary)
                        : null,
                    }
                  : {}),
              })
              .where(eq(deals.id, deal.id)),
          ]
        : []),
      ...(deal && stageChanged
        ? [
            db.insert(dealStageHistory).values({
              id: crypto.randomUUID(),
              dealId: deal.id,
              fromStage: deal.stage,
              toStage: stageReached,
              changedAt: now,
              changedBy: viewer.id,
              visitId,
            }),
          ]
        : []),
    ]);
  } catch (error) {
    // Two submits with one key raced: the other one won and its visit stands.
    const [raced] = await keyRow(db, viewer.id, input.idempotencyKey);
    if (key) await files.delete(key);
    const winner = replayOf(raced);
    if (winner) return winner;
    throw error;
  }
  return {
    visitId,
    customerId: customer.id,
    replayed: false,
    timers: {
      regionId: customer.regionId,
      repId: viewer.id,
      deal:
        deal && stageReached && !isClosedStage(stageReached)
          ? { id: deal.id, name: deal.name, progressAt: now }
          : null,
      commitment:
        input.commitmentText && input.commitmentDueAt
          ? {
              text: input.commitmentText,
              dueAt: input.commitmentDueAt,
              title: commitmentTitle(customer.name, viewer.name, input.commitmentText),
            }
          : null,
    },
  };
}
