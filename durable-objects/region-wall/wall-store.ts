/**
 * The region wall's own SQLite: its live tasks, its timers, the stale-deal reminders waiting for
 * their digest, and a few meta values. Plain synchronous reads and writes; the object decides
 * which of them go together in one transaction.
 */
import { dueSteps, type TaskEvidence, type EvidenceRequirement } from './escalation-rules';
import { OUTBOX_TABLES } from './outbox';
import type { TimerKind } from './timer-kinds';
import type { NewWallTask, WallTask, WallTaskStatus } from './wall-rules';

export type TimerStart = {
  kind: TimerKind;
  subjectId: string;
  anchorAt: number;
  ownerId: string | null;
  title: string;
  titleZh?: string | null;
};
export type StoredTimer = {
  id: string;
  kind: TimerKind;
  subjectId: string;
  anchorAt: number;
  step: number;
  dueAt: number;
  ownerId: string | null;
  title: string;
  titleZh: string | null;
};
export type StoredDigestItem = {
  key: string;
  ownerId: string;
  subjectId: string;
  title: string;
  dueAt: number;
};

type TaskRow = {
  id: string;
  city_id: string;
  title: string;
  description: string | null;
  title_zh: string | null;
  description_zh: string | null;
  due_at: number;
  status: WallTaskStatus;
  claimed_by: string | null;
  claimed_by_name: string | null;
  claimed_at: number | null;
  completed_at: number | null;
  evidence_required: string;
  evidence: string | null;
};

type TimerRow = {
  id: string;
  kind: TimerKind;
  subject_id: string;
  anchor_at: number;
  step: number;
  due_at: number;
  owner_id: string | null;
  title: string;
  title_zh: string | null;
};

const toTask = (row: TaskRow): WallTask => ({
  id: row.id,
  cityId: row.city_id,
  title: row.title,
  description: row.description,
  titleZh: row.title_zh,
  descriptionZh: row.description_zh,
  dueAt: row.due_at,
  status: row.status,
  claimedBy: row.claimed_by,
  claimedByName: row.claimed_by_name,
  claimedAt: row.claimed_at,
  completedAt: row.completed_at,
  evidenceRequired: JSON.parse(row.evidence_required) as EvidenceRequirement,
  evidence: row.evidence ? (JSON.parse(row.evidence) as TaskEvidence) : null,
});

const toTimer = (row: TimerRow): StoredTimer => ({
  id: row.id,
  kind: row.kind,
  subjectId: row.subject_id,
  anchorAt: row.anchor_at,
  step: row.step,
  dueAt: row.due_at,
  ownerId: row.owner_id,
  title: row.title,
  titleZh: row.title_zh,
});

export function timerId(kind: TimerKind, subjectId: string): string {
  return `${kind}:${subjectId}`;
}

export class WallStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Creates the tables (run once per object start, inside blockConcurrencyWhile). */
  migrate(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS wall_tasks (
      id TEXT PRIMARY KEY, city_id TEXT NOT NULL, title TEXT NOT NULL, description TEXT, due_at INTEGER NOT NULL,
      status TEXT NOT NULL, claimed_by TEXT, claimed_by_name TEXT, claimed_at INTEGER, completed_at INTEGER,
      evidence_required TEXT NOT NULL DEFAULT '{"photo":false,"position":false,"note":false}', evidence TEXT)`);
    this.sql.exec(
      'CREATE TABLE IF NOT EXISTS wall_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
    );
    this.sql.exec(`CREATE TABLE IF NOT EXISTS timers (
      id TEXT PRIMARY KEY, kind TEXT NOT NULL, subject_id TEXT NOT NULL, anchor_at INTEGER NOT NULL, step INTEGER NOT NULL,
      due_at INTEGER NOT NULL, owner_id TEXT, title TEXT NOT NULL)`);
    this.sql.exec('CREATE INDEX IF NOT EXISTS timers_due_idx ON timers (due_at)');
    // Objects created before tasks had a Chinese wording get the columns added in place.
    this.addColumnIfMissing('wall_tasks', 'title_zh');
    this.addColumnIfMissing('wall_tasks', 'description_zh');
    this.addColumnIfMissing('timers', 'title_zh');
    this.sql.exec(
      'CREATE TABLE IF NOT EXISTS digest_items (key TEXT PRIMARY KEY, owner_id TEXT NOT NULL, subject_id TEXT NOT NULL, title TEXT NOT NULL, due_at INTEGER NOT NULL)',
    );
    for (const ddl of OUTBOX_TABLES) this.sql.exec(ddl);
  }

  private addColumnIfMissing(table: 'wall_tasks' | 'timers', column: string): void {
    const present =
      this.sql
        .exec<{ n: number }>(
          `SELECT count(*) AS n FROM pragma_table_info('${table}') WHERE name = ?`,
          column,
        )
        .one().n > 0;
    if (!present) this.sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} TEXT`);
  }

  // ---------------------------------------------------------------- meta

  meta(key: string): string | null {
    return (
      this.sql
        .exec<{ value: string }>('SELECT value FROM wall_meta WHERE key = ?', key)
        .toArray()[0]?.value ?? null
    );
  }

  setMeta(key: string, value: string): void {
    this.sql.exec('INSERT OR REPLACE INTO wall_meta (key, value) VALUES (?, ?)', key, value);
  }

  // ---------------------------------------------------------------- tasks

  task(taskId: string): WallTask | null {
    const row = this.sql
      .exec<TaskRow>('SELECT * FROM wall_tasks WHERE id = ?', taskId)
      .toArray()[0];
    return row ? toTask(row) : null;
  }

  allTasks(): WallTask[] {
    return this.sql
      .exec<TaskRow>('SELECT * FROM wall_tasks ORDER BY due_at, id')
      .toArray()
      .map(toTask);
  }

  /** A newly published task; false when it is already on the wall (ids are stable). */
  addPublished(task: NewWallTask): boolean {
    return (
      this.sql.exec(
        `INSERT OR IGNORE INTO wall_tasks (id, city_id, title, description, title_zh, description_zh, due_at, status, claimed_by, claimed_by_name, claimed_at, evidence_required) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        task.id,
        task.cityId,
        task.title,
        task.description,
        task.titleZh ?? null,
        task.descriptionZh ?? null,
        task.dueAt,
        task.claimedBy ? 'claimed' : 'open',
        task.claimedBy ?? null,
        task.claimedByName ?? null,
        task.claimedAt ?? null,
        JSON.stringify(task.evidenceRequired),
      ).rowsWritten > 0
    );
  }

  /** A task as D1 has it (loading the region on first use). */
  putLoaded(task: Omit<WallTask, 'evidence'>): void {
    this.sql.exec(
      'INSERT OR REPLACE INTO wall_tasks (id, city_id, title, description, title_zh, description_zh, due_at, status, claimed_by, claimed_by_name, claimed_at, completed_at, evidence_required) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      task.id,
      task.cityId,
      task.title,
      task.description,
      task.titleZh,
      task.descriptionZh,
      task.dueAt,
      task.status,
      task.claimedBy,
      task.claimedByName,
      task.claimedAt,
      task.completedAt,
      JSON.stringify(task.evidenceRequired),
    );
  }

  /** Writes a task's new state; its overdue timer follows whoever now holds it. */
  saveTask(before: WallTask, next: WallTask): void {
    this.sql.exec(
      'UPDATE wall_tasks SET status = ?, claimed_by = ?, claimed_by_name = ?, claimed_at = ?, completed_at = ?, evidence = ? WHERE id = ?',
      next.status,
      next.claimedBy,
      next.claimedByName,
      next.claimedAt,
      next.completedAt,
      next.evidence ? JSON.stringify(next.evidence) : null,
      before.id,
    );
    if (next.claimedBy !== before.claimedBy)
      this.sql.exec(
        'UPDATE timers SET owner_id = ? WHERE id = ?',
        next.claimedBy,
        timerId('task_overdue', before.id),
      );
  }

  // ---------------------------------------------------------------- timers

  putTimer(timer: TimerStart): void {
    const first = dueSteps(timer.kind, 0, timer.anchorAt, Number.NEGATIVE_INFINITY);
    if (first.nextDueAt === null) return;
    // Starting a timer again with the same anchor changes nothing (retries are harmless); a new
    // anchor restarts it from its first step.
    this.sql.exec(
      `INSERT INTO timers (id, kind, subject_id, anchor_at, step, due_at, owner_id, title, title_zh) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET anchor_at = excluded.anchor_at, step = 0, due_at = excluded.due_at, owner_id = excluded.owner_id, title = excluded.title, title_zh = excluded.title_zh
       WHERE timers.anchor_at != excluded.anchor_at`,
      timerId(timer.kind, timer.subjectId),
      timer.kind,
      timer.subjectId,
      timer.anchorAt,
      first.nextDueAt,
      timer.ownerId,
      timer.title,
      timer.titleZh ?? null,
    );
  }

  /** Gives the subjects' timers, and their reminders waiting for a digest, to `ownerId`; how many timers moved. */
  reassignTimers(subjects: { kind: TimerKind; subjectId: string }[], ownerId: string): number {
    let moved = 0;
    for (const { kind, subjectId } of subjects) {
      moved += this.sql.exec(
        'UPDATE timers SET owner_id = ? WHERE id = ?',
        ownerId,
        timerId(kind, subjectId),
      ).rowsWritten;
      this.sql.exec(
        'UPDATE digest_items SET owner_id = ? WHERE subject_id = ?',
        ownerId,
        subjectId,
      );
    }
    return moved;
  }

  deleteTimer(kind: TimerKind, subjectId: string): void {
    this.sql.exec('DELETE FROM timers WHERE id = ?', timerId(kind, subjectId));
  }

  timers(): StoredTimer[] {
    return this.sql.exec<TimerRow>('SELECT * FROM timers ORDER BY due_at').toArray().map(toTimer);
  }

  dueTimers(now: number): StoredTimer[] {
    return this.sql
      .exec<TimerRow>('SELECT * FROM timers WHERE due_at <= ? ORDER BY due_at', now)
      .toArray()
      .map(toTimer);
  }

  /** Moves a timer on to its next step, or removes it when it has none left. */
  advanceTimer(id: string, nextStep: number | null, nextDueAt: number | null): void {
    if (nextStep === null || nextDueAt === null)
      this.sql.exec('DELETE FROM timers WHERE id = ?', id);
    else
      this.sql.exec('UPDATE timers SET step = ?, due_at = ? WHERE id = ?', nextStep, nextDueAt, id);
  }

  nextTimerAt(): number | null {
    return this.sql.exec<{ at: number | null }>('SELECT min(due_at) AS at FROM timers').one().at;
  }

  // ---------------------------------------------------------------- stale-deal digest

  addDigestItem(item: StoredDigestItem): void {
    this.sql.exec(
      'INSERT OR REPLACE INTO digest_items (key, owner_id, subject_id, title, due_at) VALUES (?, ?, ?, ?, ?)',
      item.key,
      item.ownerId,
      item.subjectId,
      item.title,
      item.dueAt,
    );
  }

  digestItems(): StoredDigestItem[] {
    return this.sql
      .exec<{ key: string; owner_id: string; subject_id: string; title: string; due_at: number }>(
        'SELECT * FROM digest_items',
      )
      .toArray()
      .map((row) => ({
        key: row.key,
        ownerId: row.owner_id,
        subjectId: row.subject_id,
        title: row.title,
        dueAt: row.due_at,
      }));
  }

  hasDigestItems(): boolean {
    return this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM digest_items').one().n > 0;
  }

  /** The owner's items went out as the digest of `day`. */
  digestSent(ownerId: string, day: number): void {
    this.sql.exec('DELETE FROM digest_items WHERE owner_id = ?', ownerId);
    this.setMeta(`digest_day:${ownerId}`, String(day));
  }

  lastDigestDay(ownerId: string): number | null {
    const value = this.meta(`digest_day:${ownerId}`);
    return value === null ? null : Number(value);
  }
}
