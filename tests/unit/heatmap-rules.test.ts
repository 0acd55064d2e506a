import { describe, expect, it } from 'vitest';
import { cellBand, periodDays, trend } from '../../worker/analytics/heatmap-rules';

describe('cellBand', () => {
  it('bands a higher-is-better metric at its thresholds', () => {
    expect(cellBand('aciPercent', 90)).toBe('good');
    expect(cellBand('aciPercent', 89)).toBe('watch');
    expect(cellBand('aciPercent', 70)).toBe('watch');
    expect(cellBand('aciPercent', 69)).toBe('act');
    expect(cellBand('visitsPerRepWeek', 10)).toBe('good');
    expect(cellBand('visitsPerRepWeek', 4.9)).toBe('act');
  });

  it('bands a lower-is-better metric the other way', () => {
    expect(cellBand('tasksOverdue', 0)).toBe('good');
    expect(cellBand('tasksOverdue', 5)).toBe('watch');
    expect(cellBand('tasksOverdue', 6)).toBe('act');
    expect(cellBand('medianFirstResponseMinutes', 240)).toBe('good');
    expect(cellBand('medianFirstResponseMinutes', 1441)).toBe('act');
    expect(cellBand('redHealthPercent', 26)).toBe('act');
  });

  it('gives no band to an unknown figure', () => {
    expect(cellBand('verifiedPercent', null)).toBeNull();
  });
});

describe('periodDays', () => {
  // 2026-11-25 is a Wednesday.
  it('runs this week from Monday to today, against the same days a week earlier', () => {
    expect(periodDays('this-week', '2026-11-25')).toEqual({
      from: '2026-11-23',
      to: '2026-11-25',
      previousFrom: '2026-11-16',
      previousTo: '2026-11-18',
    });
  });

  it('takes last week and the last 4 weeks as whole weeks before this one', () => {
    expect(periodDays('last-week', '2026-11-25')).toEqual({
      from: '2026-11-16',
      to: '2026-11-22',
      previousFrom: '2026-11-09',
      previousTo: '2026-11-15',
    });
    expect(periodDays('last-4-weeks', '2026-11-23')).toEqual({
      from: '2026-10-26',
      to: '2026-11-22',
      previousFrom: '2026-09-28',
      previousTo: '2026-10-25',
    });
  });
});

describe('trend', () => {
  it('points up, down or level, and not at all when a side is unknown', () => {
    expect(trend(5, 3)).toBe('up');
    expect(trend(2, 3)).toBe('down');
    expect(trend(3, 3)).toBe('level');
    expect(trend(null, 3)).toBeNull();
    expect(trend(3, null)).toBeNull();
  });
});
