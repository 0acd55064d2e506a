import { describe, expect, it } from 'vitest';
import { isWorkingHour, workStartHour } from '../../worker/platform/time/working-hours';
import {
  nudgeWindow,
  previewOf,
  revisitDeliveryWindow,
  revisitDueAt,
  revisitTaskId,
  silentBefore,
} from '../../worker/reminders/rules';

const DAY = 86_400_000;

describe('reminder rules', () => {
  it("start the morning digest at the working day's first hour, the company's 09:00 by default", () => {
    expect(workStartHour({ workStart: '08:30' })).toBe(8);
    expect(workStartHour({ workStart: null })).toBe(9);
  });

  it('nudge only in working hours: from the start hour up to, not including, the end', () => {
    const day = { workStart: '09:00', workEnd: '18:00' };
    expect([8, 9, 17, 18, 3].map((hour) => isWorkingHour(day, hour))).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
    // A day ending at 17:30 still has its 17:00 run.
    expect(isWorkingHour({ workStart: '09:00', workEnd: '17:30' }, 17)).toBe(true);
    expect(isWorkingHour({ workStart: null, workEnd: null }, 18)).toBe(false);
  });

  it('cover the hour after the run', () => {
    expect(nudgeWindow(1_000)).toEqual({ from: 1_000, to: 1_000 + 3_600_000 });
  });

  it('count a customer silent after the threshold', () => {
    expect(silentBefore(100 * DAY, 30)).toBe(70 * DAY);
  });

  it('make a revisit from a week before it is due until two weeks after', () => {
    const at = 1_000 * DAY;
    const window = revisitDeliveryWindow(at, 30);
    const dueOf = (deliveredAt: number) => revisitDueAt(deliveredAt, 30);
    expect(dueOf(window.to - 1)).toBeLessThan(at + 7 * DAY);
    expect(dueOf(window.to)).toBe(at + 7 * DAY);
    expect(dueOf(window.from)).toBe(at - 14 * DAY);
    expect(revisitTaskId('ord_1', 90)).toBe('revisit:ord_1:90');
  });

  it('name the first three items and count the rest', () => {
    expect(previewOf([1, 2, 3, 4, 5], 5)).toEqual({ shown: [1, 2, 3], more: 2 });
    // Only the first few were read; the count comes from the database.
    expect(previewOf([1, 2, 3], 9)).toEqual({ shown: [1, 2, 3], more: 6 });
    expect(previewOf([1], 1)).toEqual({ shown: [1], more: 0 });
  });
});
