/**
 * Other features start and stop escalation timers on the region's wall. These run after the
 * response (waitUntil): the rep's action is saved either way, and a wall that misses a stop
 * only sends an escalation the manager can resolve.
 */
import type { LoggedVisit } from '../visits/log-visit';
import { regionWall } from './wall';
import type { VisitTimers, WorkMessage } from '../../queues/messages';
import type { TimerStart } from '../../durable-objects/region-wall/wall-store';

export async function stopLeadClock(
  env: Env,
  regionId: string | null,
  leadId: string,
): Promise<void> {
  if (!regionId) return;
  await regionWall(env, regionId).stopTimer('lead_first_touch', leadId);
}

/** Starts timers on the region's wall (a restored customer's work, a new deal's clock). */
export async function startTimers(env: Env, regionId: string, timers: TimerStart[]): Promise<void> {
  if (timers.length > 0) await regionWall(env, regionId).startTimers(timers);
}

/** Stops timers on the region's wall (an archived customer's work). */
export async function stopTimers(
  env: Env,
  regionId: string,
  timers: Pick<TimerStart, 'kind' | 'subjectId'>[],
): Promise<void> {
  if (timers.length > 0) await regionWall(env, regionId).stopTimers(timers);
}

/** Hands a new visit's timers to the queue, which retries until the region wall has them. */
export async function queueTimersAfterVisit(env: Env, visit: LoggedVisit): Promise<void> {
  if (visit.replayed || !visit.timers || (!visit.timers.deal && !visit.timers.commitment)) return;
  await env.WORK_QUEUE.send({
    kind: 'wall.visit-timers',
    visit: { visitId: visit.visitId, ...visit.timers },
  } satisfies WorkMessage);
}

/** The queue's side: start the timers (again is harmless: the same anchor changes nothing). */
export async function startVisitTimers(env: Env, visit: VisitTimers): Promise<void> {
  const wall = regionWall(env, visit.regionId);
  // The deal moved: its "no progress" clock starts over.
  if (visit.deal)
    await wall.startTimer({
      kind: 'stale_deal',
      subjectId: visit.deal.id,
      anchorAt: visit.deal.progressAt,
      ownerId: visit.repId,
      title: visit.deal.name,
    });
  if (visit.commitment)
    await wall.startTimer({
      kind: 'commitment',
      subjectId: visit.visitId,
      anchorAt: visit.commitment.dueAt,
      ownerId: visit.repId,
      title: visit.commitment.title ?? visit.commitment.text,
    });
}

/** Runs a timer change after the response; a failure is logged, never shown to the rep. */
export function afterResponse(
  ctx: { waitUntil(promise: Promise<unknown>): void },
  work: Promise<void>,
) {
  ctx.waitUntil(
    work.catch((error: unknown) => console.error('region wall timer update failed', error)),
  );
}
