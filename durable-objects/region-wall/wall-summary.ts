/** How the wall's columns are counted. Pure: the object feeds it rows, tests feed it fixtures. */

export type WallTask = {
  id: string;
  cityId: string;
  status: 'open' | 'claimed' | 'done' | 'cancelled';
  dueAt: number;
  completedAt: number | null;
};

export type WallColumn = 'open' | 'claimed' | 'overdue' | 'doneToday';
export type WallCounts = Record<WallColumn, number>;
export type WallSummary = { total: WallCounts; byCity: Record<string, WallCounts> };

const empty = (): WallCounts => ({ open: 0, claimed: 0, overdue: 0, doneToday: 0 });

/** An open or claimed task past its due time shows as overdue, whoever holds it. */
export function wallColumn(task: WallTask, now: number, dayStartedAt: number): WallColumn | null {
  if (task.status === 'done')
    return task.completedAt !== null && task.completedAt >= dayStartedAt ? 'doneToday' : null;
  if (task.status === 'cancelled') return null;
  if (task.dueAt < now) return 'overdue';
  return task.status;
}

export function summarizeWall(
  tasks: Iterable<WallTask>,
  now: number,
  dayStartedAt: number,
): WallSummary {
  const total = empty();
  const byCity: Record<string, WallCounts> = {};
  for (const task of tasks) {
    const column = wallColumn(task, now, dayStartedAt);
    if (!column) continue;
    total[column] += 1;
    (byCity[task.cityId] ??= empty())[column] += 1;
  }
  return { total, byCity };
}

/** The board of a region: the tasks on it, each with its column, and their counts. */
export type WallBoard<Task extends WallTask> = {
  tasks: (Task & { column: WallColumn })[];
  summary: WallSummary;
};

/** One pass over the tasks gives the board and its counts, so the two never disagree. */
export function wallBoard<Task extends WallTask>(
  tasks: Iterable<Task>,
  now: number,
  dayStartedAt: number,
): WallBoard<Task> {
  const onBoard: (Task & { column: WallColumn })[] = [];
  for (const task of tasks) {
    const column = wallColumn(task, now, dayStartedAt);
    if (column) onBoard.push({ ...task, column });
  }
  return { tasks: onBoard, summary: summarizeWall(onBoard, now, dayStartedAt) };
}
