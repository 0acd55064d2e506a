import { regionJobRerun, type RegionJobName } from '../../queues/region-schedule';

/** The message the hourly cron sends for a region job and local day (demo regions are UTC+8). */
export function regionJob(
  kind: RegionJobName,
  regionId: string,
  day: string,
  timeZone = 'Asia/Shanghai',
) {
  return regionJobRerun(kind, { id: regionId, timeZone, workStart: null }, day);
}
