import { describe, expect, it } from 'vitest';
import {
  summarizeWall,
  wallBoard,
  wallColumn,
  type WallTask,
} from '../../durable-objects/region-wall/wall-summary';

const now = 1_000_000;
const dayStart = 900_000;
const task = (over: Partial<WallTask>): WallTask => ({
  id: 't',
  cityId: 'c1',
  status: 'open',
  dueAt: now + 1,
  completedAt: null,
  ...over,
});

describe('region wall columns', () => {
  it('puts past-due open and claimed tasks in overdue', () => {
    expect(wallColumn(task({ dueAt: now - 1 }), now, dayStart)).toBe('overdue');
    expect(wallColumn(task({ status: 'claimed', dueAt: now - 1 }), now, dayStart)).toBe('overdue');
    expect(wallColumn(task({ status: 'claimed' }), now, dayStart)).toBe('claimed');
  });

  it('counts done tasks only when finished since local midnight', () => {
    expect(wallColumn(task({ status: 'done', completedAt: dayStart }), now, dayStart)).toBe(
      'doneToday',
    );
    expect(
      wallColumn(task({ status: 'done', completedAt: dayStart - 1 }), now, dayStart),
    ).toBeNull();
    expect(wallColumn(task({ status: 'cancelled' }), now, dayStart)).toBeNull();
  });

  it('totals per region and per city', () => {
    const summary = summarizeWall(
      [
        task({ id: 'a' }),
        task({ id: 'b', cityId: 'c2' }),
        task({ id: 'c', status: 'claimed', dueAt: now - 5 }),
        task({ id: 'd', status: 'done', completedAt: now }),
      ],
      now,
      dayStart,
    );
    expect(summary.total).toEqual({ open: 2, claimed: 0, overdue: 1, doneToday: 1 });
    expect(summary.byCity.c2).toEqual({ open: 1, claimed: 0, overdue: 0, doneToday: 0 });
  });

  it('puts on the board only the tasks with a column, and counts exactly those', () => {
    const board = wallBoard(
      [
        task({ id: 'open' }),
        task({ id: 'late', status: 'claimed', dueAt: now - 1, cityId: 'c2' }),
        task({ id: 'today', status: 'done', completedAt: dayStart + 1 }),
        task({ id: 'yesterday', status: 'done', completedAt: dayStart - 1 }),
        task({ id: 'cancelled', status: 'cancelled' }),
      ],
      now,
      dayStart,
    );
    expect(board.tasks.map((t) => [t.id, t.column])).toEqual([
      ['open', 'open'],
      ['late', 'overdue'],
      ['today', 'doneToday'],
    ]);
    expect(board.summary.total).toEqual({ open: 1, claimed: 0, overdue: 1, doneToday: 1 });
    expect(board.summary.byCity.c2).toEqual({ open: 0, claimed: 0, overdue: 1, doneToday: 0 });
  });
});
