/**
 * A deal's stale-deal clock on its region's wall: started when the deal is created or moves,
 * stopped when it is won, lost or archived, started again when it is restored. Runs after the
 * response (see tasks/timers.ts): the change is saved either way.
 */
import type { TimerStart } from '../../durable-objects/region-wall/wall-store';
import { afterResponse } from '../tasks/timers';
import { regionWall } from '../tasks/wall';

export type ClockChange =
  { regionId: string; start: TimerStart } | { regionId: string; stop: { dealId: string } } | null;

async function applyClockChange(env: Env, change: NonNullable<ClockChange>): Promise<void> {
  const wall = regionWall(env, change.regionId);
  if ('stop' in change) await wall.stopTimer('stale_deal', change.stop.dealId);
  else await wall.startTimer(change.start);
}

export function changeClockAfterResponse(
  c: { env: Env; executionCtx: { waitUntil(promise: Promise<unknown>): void } },
  change: ClockChange,
) {
  if (change) afterResponse(c.executionCtx, applyClockChange(c.env, change));
}
