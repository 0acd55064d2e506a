/**
 * When the nightly report steps run for a region (pure). The hourly cron asks at every full hour;
 * a region's report for the local day just ended is built in its local midnight hour and
 * delivered at 08:00 local time (docs/rules.md#nightly-report).
 */
import { localDay, localHour } from '../worker/platform/time/zones';
import type { WorkMessage } from './messages';

export const REPORT_BUILD_HOUR = 0;
export const REPORT_DELIVERY_HOUR = 8;
const HOUR = 3_600_000;

export function nightlyReportSteps(
  regions: { id: string; timeZone: string }[],
  at: number,
): WorkMessage[] {
  const steps: WorkMessage[] = [];
  for (const region of regions) {
    const hour = localHour(at, region.timeZone);
    // "Yesterday" seen from this hour: both steps run within the 8 hours after local midnight.
    const day = localDay(at - (hour + 1) * HOUR, region.timeZone);
    if (hour === REPORT_BUILD_HOUR) steps.push({ kind: 'report.build', regionId: region.id, day });
    if (hour === REPORT_DELIVERY_HOUR)
      steps.push({ kind: 'report.deliver', regionId: region.id, day });
  }
  return steps;
}
