/**
 * Other features start and stop escalation timers on the region's wall. These run after the
 * response (waitUntil): the rep's action is saved either way, and a wall that misses a stop
 * only sends an escalation the manager can resolve.
 */
import type { LoggedVisit } from '../visits/log-visit';
import { regionWall } from './wall';

export async function stopLeadClock(env: Env, regionId: string | null, leadId: string): Promise<void> {
  if (!regionId) return;
  await regionWall(env, regionId).stopTimer(regionId, 'lead_first_touch', leadId);
}

export async function timersAfterVisit(env: Env, visit: LoggedVisit): Promise<void> {
  if (visit.replayed || !visit.timers) return;
  const { regionId, repId, deal, commitment } = visit.timers;
  const wall = regionWall(env, regionId);
  // The deal moved: its "no progress" clock starts over.
  if (deal) await wall.startTimer(regionId, { kind: 'stale_deal', subjectId: deal.id, anchorAt: deal.progressAt, ownerId: repId, title: deal.name });
  if (commitment) await wall.startTimer(regionId, { kind: 'commitment', subjectId: visit.visitId, anchorAt: commitment.dueAt, ownerId: repId, title: commitment.text });
}

/** Runs a timer change after the response; a failure is logged, never shown to the rep. */
export function afterResponse(ctx: { waitUntil(promise: Promise<unknown>): void }, work: Promise<void>) {
  ctx.waitUntil(work.catch((error: unknown) => console.error('region wall timer update failed', error)));
}
