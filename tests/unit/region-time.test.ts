import { describe, expect, it } from 'vitest';
import { nightlyReportSteps } from '../../queues/report-schedule';
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

describe('nightly report schedule', () => {
  const regions = [
    { id: 'reg_east', timeZone: 'Asia/Shanghai' },
    { id: 'reg_west', timeZone: 'Asia/Urumqi' },
  ];

  it('builds at local midnight for the day just ended', () => {
    const shanghaiMidnight = Date.UTC(2026, 10, 23, 16); // 00:00 on the 24th in Shanghai, 22:00 in Urumqi
    expect(nightlyReportSteps(regions, shanghaiMidnight)).toEqual([
      { kind: 'report.build', regionId: 'reg_east', day: '2026-11-23' },
    ]);
    expect(nightlyReportSteps(regions, shanghaiMidnight + 2 * HOUR)).toEqual([
      { kind: 'report.build', regionId: 'reg_west', day: '2026-11-23' },
    ]);
  });

  it('delivers at 08:00 local time', () => {
    const shanghaiEight = Date.UTC(2026, 10, 24, 0);
    expect(nightlyReportSteps(regions, shanghaiEight)).toEqual([
      { kind: 'report.deliver', regionId: 'reg_east', day: '2026-11-23' },
    ]);
    expect(nightlyReportSteps(regions, shanghaiEight + 2 * HOUR)).toEqual([
      { kind: 'report.deliver', regionId: 'reg_west', day: '2026-11-23' },
    ]);
  });

  it('does nothing at other hours', () => {
    expect(nightlyReportSteps(regions, Date.UTC(2026, 10, 24, 5))).toEqual([]);
  });
});
