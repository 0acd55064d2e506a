import { describe, expect, it } from 'vitest';
import { dueRegionJobs, regionJobRerun, regionRunId } from '../../queues/region-schedule';
import {
  localDay,
  localDayRange,
  localDayStart,
  localHour,
  zoneOffsetMs,
} from '../../worker/platform/time/zones';

const HOUR = 3_600_000;

describe('region-local time', () => {
  it('knows each demo region’s offset', () => {
    const at = Date.UTC(2026, 10, 23, 12);
    expect(zoneOffsetMs(at, 'Asia/Shanghai')).toBe(8 * HOUR);
    expect(zoneOffsetMs(at, 'Asia/Urumqi')).toBe(6 * HOUR);
  });

  it('finds the local midnight and the local calendar day', () => {
    const at = Date.UTC(2026, 10, 23, 17, 30); // 01:30 on the 24th in Shanghai
    expect(localDay(at, 'Asia/Shanghai')).toBe('2026-11-24');
    expect(localDayStart(at, 'Asia/Shanghai')).toBe(Date.UTC(2026, 10, 23, 16));
    expect(localHour(at, 'Asia/Urumqi')).toBe(23);
    expect(localDayRange('2026-11-24', 'Asia/Shanghai')).toEqual({
      start: Date.UTC(2026, 10, 23, 16),
      end: Date.UTC(2026, 10, 24, 16),
    });
  });

  it('handles daylight saving days (23 hours long)', () => {
    const { start, end } = localDayRange('2026-03-08', 'America/New_York');
    expect(end - start).toBe(23 * HOUR);
  });
});

describe('region job schedule', () => {
  const regions = [
    { id: 'reg_east', timeZone: 'Asia/Shanghai', workStart: null },
    { id: 'reg_west', timeZone: 'Asia/Urumqi', workStart: '10:30' },
  ];
  const kinds = (at: number) => dueRegionJobs(regions, at).map((m) => `${m.kind} ${m.regionId}`);

  it('builds the report at 02:00 local for the day just ended, each region in its own zone', () => {
    const shanghaiTwo = Date.UTC(2026, 10, 23, 18); // 02:00 on the 24th in Shanghai, 00:00 in Urumqi
    expect(dueRegionJobs(regions, shanghaiTwo)).toContainEqual({
      kind: 'report.build',
      regionId: 'reg_east',
      day: '2026-11-23',
      at: shanghaiTwo,
      period: '2026-11-23',
    });
    expect(kinds(shanghaiTwo)).not.toContain('report.build reg_west');
    expect(kinds(shanghaiTwo + 2 * HOUR)).toContain('report.build reg_west');
  });

  it('delivers at 08:00 local time: 00:00 UTC for a UTC+8 region', () => {
    const shanghaiEight = Date.UTC(2026, 10, 24, 0);
    expect(dueRegionJobs(regions, shanghaiEight)).toContainEqual(
      expect.objectContaining({ kind: 'report.deliver', regionId: 'reg_east', day: '2026-11-23' }),
    );
    expect(kinds(shanghaiEight)).not.toContain('report.deliver reg_west');
    expect(kinds(shanghaiEight + 2 * HOUR)).toContain('report.deliver reg_west');
  });

  it('starts the morning jobs at each region’s own working day, the company’s 09:00 by default', () => {
    const shanghaiNine = Date.UTC(2026, 10, 24, 1); // 09:00 in Shanghai, 07:00 in Urumqi
    expect(kinds(shanghaiNine)).toEqual(
      expect.arrayContaining(['reminders.digest reg_east', 'reminders.silent-customers reg_east']),
    );
    expect(kinds(shanghaiNine)).not.toContain('reminders.digest reg_west');
    // West starts at 10:30: its digest goes out in the 10:00 hour, Urumqi time (04:00 UTC).
    expect(kinds(Date.UTC(2026, 10, 24, 4))).toContain('reminders.digest reg_west');
  });

  it('runs the hourly jobs every hour, one run per region and hour', () => {
    const at = Date.UTC(2026, 10, 24, 5);
    const hourly = dueRegionJobs(regions, at).filter((m) => m.kind === 'reminders.due-soon');
    expect(hourly.map((m) => m.period)).toEqual(['2026-11-24T13', '2026-11-24T11']);
  });

  it('names each run by job, region and period, so a second cron names the same run', () => {
    const at = Date.UTC(2026, 10, 24, 0);
    const first = dueRegionJobs(regions, at).map(regionRunId);
    expect(dueRegionJobs(regions, at).map(regionRunId)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    expect(first).toContain('report.deliver:reg_east:2026-11-23');
  });

  it('re-runs a past day as the schedule would have run it', () => {
    const rerun = regionJobRerun('report.build', regions[0]!, '2026-11-20');
    expect(rerun).toEqual({
      kind: 'report.build',
      regionId: 'reg_east',
      day: '2026-11-20',
      at: Date.UTC(2026, 10, 20, 18),
      period: '2026-11-20',
    });
    expect(dueRegionJobs(regions, rerun.at)).toContainEqual(rerun);
  });
});
