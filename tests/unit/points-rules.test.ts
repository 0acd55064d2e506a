import { describe, expect, it } from 'vitest';
import { periodRange, rankStandings } from '../../worker/points/rules';

describe('leaderboard periods', () => {
  it('a week runs Monday to Monday in the region’s own time', () => {
    // Sunday 29 November 2026, 23:30 in Shanghai (15:30 UTC).
    const at = Date.UTC(2026, 10, 29, 15, 30);
    expect(periodRange('week', at, 'Asia/Shanghai')).toEqual({
      start: Date.UTC(2026, 10, 22, 16),
      end: Date.UTC(2026, 10, 29, 16),
      firstDay: '2026-11-23',
    });
    // Half an hour later it is Monday there: a new week.
    expect(periodRange('week', at + 3_600_000, 'Asia/Shanghai').firstDay).toBe('2026-11-30');
  });

  it('a month is the local calendar month, across a year end', () => {
    const newYearsEveShanghai = Date.UTC(2026, 11, 31, 17); // 01:00 on 1 January 2027 there
    expect(periodRange('month', newYearsEveShanghai, 'Asia/Shanghai')).toEqual({
      start: Date.UTC(2026, 11, 31, 16),
      end: Date.UTC(2027, 0, 31, 16),
      firstDay: '2027-01-01',
    });
    expect(periodRange('month', Date.UTC(2026, 11, 15), 'Asia/Shanghai').end).toBe(
      Date.UTC(2026, 11, 31, 16),
    );
  });
});

describe('standings', () => {
  it('ranks by points, equal points share a rank, ties listed by name', () => {
    const ranked = rankStandings([
      { name: 'Chen', points: 5 },
      { name: 'Ana', points: 9 },
      { name: 'Bo', points: 5 },
      { name: 'Dee', points: 0 },
    ]);
    expect(ranked.map((row) => `${row.rank} ${row.name}`)).toEqual([
      '1 Ana',
      '2 Bo',
      '2 Chen',
      '4 Dee',
    ]);
  });
});
