/**
 * When each scheduled region job runs, in the region's own time (pure). The hourly cron asks at
 * every full hour which jobs are due in which region and sends one message per job, region and
 * period; the message's run id is deterministic, so a cron fired twice records one run
 * (docs/rules.md#scheduled-jobs).
 */
import { localDay, localDayRange, localHour } from '../worker/platform/time/zones';
import { workStartHour, type WorkingHours } from '../worker/platform/time/working-hours';
import type { RegionRun } from './region-run';

export type RegionJobTiming =
  /** Once a day at this local hour, for the local day just ended (nightly work). */
  | { hour: number; covers: 'dayEnded' }
  /** Once a day when the region's working day starts, for that day. */
  | { hour: 'workStart'; covers: 'today' }
  /** Every hour, for the hour just begun. */
  | { hour: 'every'; covers: 'today' };

export const REGION_JOB_TIMING = {
  // docs/rules.md#rollups and #nightly-report: the day's rollups at local midnight, the report
  // built from them at 02:00 and delivered at 08:00.
  'rollups.nightly': { hour: 0, covers: 'dayEnded' },
  // docs/rules.md#nightly-health: after the rollups, before the report.
  'customers.health': { hour: 1, covers: 'dayEnded' },
  'report.build': { hour: 2, covers: 'dayEnded' },
  'report.deliver': { hour: 8, covers: 'dayEnded' },
  // docs/rules.md#points: the leaderboard is at most an hour behind.
  'points.award': { hour: 'every', covers: 'today' },
  // docs/rules.md#reminders: the day's digest and silent customers when work starts; nudges
  // hourly (each sends nothing outside working hours); revisits after the day of a delivery.
  'reminders.digest': { hour: 'workStart', covers: 'today' },
  'reminders.due-soon': { hour: 'every', covers: 'today' },
  'reminders.silent-customers': { hour: 'workStart', covers: 'today' },
  'orders.delivery-revisits': { hour: 1, covers: 'dayEnded' },
  // docs/rules.md#contract-expiry-alerts: 30, 14, 7 and 1 days before the end, when work starts.
  'contracts.expiry': { hour: 'workStart', covers: 'today' },
  // docs/rules.md#follow-up-sequence: day 3 feedback link, day 7 manager to-do, day 15 nurture.
  'follow-up.sequence': { hour: 'workStart', covers: 'today' },
} as const satisfies Record<string, RegionJobTiming>;

export type RegionJobName = keyof typeof REGION_JOB_TIMING;

export const REGION_JOB_NAMES = Object.keys(REGION_JOB_TIMING) as RegionJobName[];

export type ScheduledRegion = { id: string; timeZone: string } & Pick<WorkingHours, 'workStart'>;

/** A region job's message: the run, and which period of the job it is (a day, or a day's hour). */
export type RegionJobMessage = { kind: RegionJobName } & RegionRun & {
    period: string;
    /** The admin who asked for a re-run (/admin/jobs); absent when the schedule sent it. */
    requestedBy?: string;
  };

const HOUR = 3_600_000;

/** Widened, so that a table holding only one kind of timing today still reads every kind. */
const timingOf = (job: RegionJobName): RegionJobTiming => REGION_JOB_TIMING[job];

/** The run id for `/admin/jobs`: the same job, region and period always name the same run. */
export function regionRunId(message: Pick<RegionJobMessage, 'kind' | 'regionId' | 'period'>) {
  return `${message.kind}:${message.regionId}:${message.period}`;
}

function runOf(
  job: RegionJobName,
  region: ScheduledRegion,
  at: number,
  hour: number,
): RegionJobMessage {
  const timing = timingOf(job);
  // "Yesterday" seen from this hour: nightly work runs within the hours after local midnight.
  const day =
    timing.covers === 'dayEnded'
      ? localDay(at - (hour + 1) * HOUR, region.timeZone)
      : localDay(at, region.timeZone);
  const period = timing.hour === 'every' ? `${day}T${String(hour).padStart(2, '0')}` : day;
  return { kind: job, regionId: region.id, day, at, period };
}

/** Every region job due at the full hour `at`, one message per job, region and period. */
export function dueRegionJobs(regions: ScheduledRegion[], at: number): RegionJobMessage[] {
  const due: RegionJobMessage[] = [];
  for (const region of regions) {
    const hour = localHour(at, region.timeZone);
    for (const job of REGION_JOB_NAMES) {
      const timing = timingOf(job);
      const runsNow =
        timing.hour === 'every' ||
        (timing.hour === 'workStart' ? workStartHour(region) : timing.hour) === hour;
      if (runsNow) due.push(runOf(job, region, at, hour));
    }
  }
  return due;
}

/**
 * The message an admin's "run again" sends: the job as the cron would have run it for that local
 * day (at its usual hour; an hourly job at `hour`), so a re-run for a past date is faithful.
 */
export function regionJobRerun(
  job: RegionJobName,
  region: ScheduledRegion,
  day: string,
  hour?: number,
): RegionJobMessage {
  const timing = timingOf(job);
  const { start, end } = localDayRange(day, region.timeZone);
  if (timing.covers === 'dayEnded') {
    // The run for `day` happens on the next local day at the job's hour.
    const at = end + (timing.hour as number) * HOUR;
    return runOf(job, region, at, timing.hour as number);
  }
  const runHour = timing.hour === 'every' ? (hour ?? 0) : workStartHour(region);
  return runOf(job, region, start + runHour * HOUR, runHour);
}
