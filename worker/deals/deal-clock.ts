/**
 * A deal's stale-deal clock on its region's wall: started when the deal is created or moves,
 * stopped when it is won, lost or archived, started again when it is restored. Runs after the
 * response (see tasks/timers.ts): the change is saved either way.
 */
import { afterResponse } from '../tasks/timers';
import { regionWall } from '../tasks/wall';

export type ClockChange =
  | {
      start: {
        regionId: string;
        dealId: string;
        ownerId: string;
        name: string;
        /** The deal's last progress: the clock counts from there. */
        anchorAt: number;
      };
    }
  | { stop: { regionId: string; dealId: string } }
  | null;

async function applyClockChange(env: Env, change: NonNullable<ClockChange>): Promise<void> {
  if ('stop' in change) {
    await regionWall(env, change.stop.regionId).stopTimer('stale_deal', change.stop.dealId);
    return;
  }
  const deal = change.start;
  await regionWall(env, deal.regionId).startTimer({
    kind: 'stale_deal',
    subjectId: deal.dealId,
    anchorAt: deal.anchorAt,
    ownerId: deal.ownerId,
    title: deal.name,
  });
}

export function changeClockAfterResponse(
  c: { env: Env; executionCtx: { waitUntil(promise: Promise<unknown>): void } },
  change: ClockChange,
) {
  if (change) afterResponse(c.executionCtx, applyClockChange(c.env, change));
}
