import { describe, expect, it } from 'vitest';
import {
  ACI_SAMPLE_SIZE,
  compared,
  daysBetween,
  median,
  percentOf,
  sameWeekdayLastWeek,
  sampleKey,
  sampleSeed,
} from '../../worker/reports/report-rules';

describe('daily report rules', () => {
  it('compares with the same weekday a week before, across months and years', () => {
    expect(sameWeekdayLastWeek('2026-11-23')).toBe('2026-11-16');
    expect(sameWeekdayLastWeek('2026-03-03')).toBe('2026-02-24');
    expect(sameWeekdayLastWeek('2027-01-02')).toBe('2026-12-26');
  });

  it('lists every day of a range, both ends included', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(daysBetween('2026-03-02', '2026-03-01')).toEqual([]);
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([1, 3, 10])).toBe(3);
    expect(median([1, 3, 10, 20])).toBe(6.5);
  });

  it('has no share and no change when a side is unknown', () => {
    expect(percentOf(1, 0)).toBeNull();
    expect(percentOf(2, 3)).toBe(67);
    expect(compared(5, 8)).toEqual({ value: 5, previous: 8, change: -3 });
    expect(compared(5, null).change).toBeNull();
  });

  it('draws a reproducible sample that differs from day to day', () => {
    const ids = Array.from({ length: 300 }, (_, i) => `vis_${String(i).padStart(6, '0')}`);
    const draw = (day: string) => {
      const seed = sampleSeed('reg_east', day);
      return [...ids]
        .sort((a, b) => sampleKey(a, seed) - sampleKey(b, seed) || (a < b ? -1 : 1))
        .slice(0, ACI_SAMPLE_SIZE);
    };
    expect(draw('2026-11-22')).toEqual(draw('2026-11-22'));
    expect(draw('2026-11-22')).not.toEqual(draw('2026-11-23'));
    // Spread over the ids, not a run of neighbours.
    const first = draw('2026-11-22').map((id) => Number(id.slice(4)));
    expect(Math.max(...first) - Math.min(...first)).toBeGreaterThan(200);
  });
});
