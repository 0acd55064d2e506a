import { describe, expect, it } from 'vitest';
import { isCalendarTime, parseDateTime } from '../../worker/platform/time/parse-time';

const SHANGHAI = 'Asia/Shanghai';

describe('parseDateTime', () => {
  it('reads a local form time in the region’s zone and an ISO time with its offset', () => {
    expect(parseDateTime('2026-11-30T10:00', SHANGHAI)).toBe(Date.UTC(2026, 10, 30, 2, 0));
    expect(parseDateTime('2026-11-30T10:00:00+08:00', SHANGHAI)).toBe(Date.UTC(2026, 10, 30, 2, 0));
    expect(parseDateTime('2028-02-29T23:59:59.5Z', SHANGHAI)).toBe(
      Date.UTC(2028, 1, 29, 23, 59, 59, 500),
    );
  });

  it('refuses days and times that do not exist instead of rolling them over', () => {
    for (const text of [
      '2027-02-30T10:00',
      '2027-02-29T10:00',
      '2027-04-31T10:00',
      '2027-13-01T10:00',
      '2027-00-10T10:00',
      '2027-01-00T10:00',
      '2027-13-45T25:99',
      '2027-01-01T24:00',
      '2027-01-01T10:60',
      '2027-02-30T10:00:00+08:00',
      '2027-01-01T10:00:60Z',
      '2027-01-01T10:00:00+25:00',
      '2027-01-01T10:00:00+08:99',
    ]) {
      expect(parseDateTime(text, SHANGHAI), text).toBeNull();
    }
  });

  it('refuses other shapes', () => {
    for (const text of [
      '',
      'tomorrow',
      '2027-01-01',
      '2027-01-01 10:00',
      '2027-01-01T10:00:00',
      '27-01-01T10:00',
      '+002027-01-01T10:00Z',
    ])
      expect(parseDateTime(text, SHANGHAI), text).toBeNull();
  });
});

describe('isCalendarTime', () => {
  it('knows leap years', () => {
    expect(isCalendarTime(2028, 2, 29, 0, 0)).toBe(true);
    expect(isCalendarTime(2100, 2, 29, 0, 0)).toBe(false);
    expect(isCalendarTime(2000, 2, 29, 0, 0)).toBe(true);
  });
});
