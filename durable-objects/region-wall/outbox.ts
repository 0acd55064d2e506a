/**
 * The wall's outbox: every state change is queued here in the same storage transaction as the
 * change, and flushed to D1 in order (wall-events.ts applies each event). A failed event is
 * retried with back-off from the alarm; after OUTBOX_MAX_ATTEMPTS it is set aside as a dead
 * letter so it cannot block the ones behind it.
 */
import type { WallEvent } from './wall-events';

const OUTBOX_RETRY_MS = [1_000, 5_000, 30_000, 120_000, 600_000];
/** After this many failed flushes an event is set aside so it cannot block the ones behind it. */
const OUTBOX_MAX_ATTEMPTS = 8;
/**
 * One flusher at a time keeps D1 in event order. The lease lives in storage, not in a promise: a
 * promise started by one invocation never settles for another once the first has ended, and a
 * flusher that dies leaves a lease that simply runs out.
 */
const FLUSH_LEASE_MS = 30_000;

type OutboxRow = { seq: number; event: string; attempts: number; next_attempt_at: number };

export const OUTBOX_TABLES = [
  'CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL DEFAULT 0)',
  'CREATE TABLE IF NOT EXISTS outbox_dead (seq INTEGER PRIMARY KEY, event TEXT NOT NULL, error TEXT NOT NULL, failed_at INTEGER NOT NULL)',
];

export class Outbox {
  private readonly sql: SqlStorage;

  constructor(private readonly storage: DurableObjectStorage) {
    this.sql = storage.sql;
  }

  /** Call inside the storage transaction of the change the event records. */
  enqueue(event: WallEvent): void {
    this.sql.exec('INSERT INTO outbox (event) VALUES (?)', JSON.stringify(event));
  }

  /** When the alarm should try again: the first retry, but not before a held lease runs out. */
  nextRetryAt(): number | null {
    const firstRetry = this.sql
      .exec<{ at: number | null }>('SELECT min(next_attempt_at) AS at FROM outbox')
      .one().at;
    // A lease held by a flusher that died is waited out, not polled.
    return firstRetry === null ? null : Math.max(firstRetry, this.leaseUntil());
  }

  /** Applies queued events in order; stops at the first failure and leaves it for a retry. */
  async flush(regionId: string, apply: (event: WallEvent) => Promise<void>): Promise<void> {
    if (this.leaseUntil() > Date.now()) return;
    this.setLease(Date.now() + FLUSH_LEASE_MS);
    try {
      for (;;) {
        const row = this.sql
          .exec<OutboxRow>('SELECT * FROM outbox ORDER BY seq LIMIT 1')
          .toArray()[0];
        if (!row) return;
        this.setLease(Date.now() + FLUSH_LEASE_MS);
        try {
          await apply(JSON.parse(row.event) as WallEvent);
          this.sql.exec('DELETE FROM outbox WHERE seq = ?', row.seq);
        } catch (error) {
          if (row.attempts + 1 >= OUTBOX_MAX_ATTEMPTS) {
            console.error(
              'region wall event set aside after repeated failures',
              regionId,
              row.event,
              error,
            );
            this.storage.transactionSync(() => {
              this.sql.exec(
                'INSERT INTO outbox_dead (seq, event, error, failed_at) VALUES (?, ?, ?, ?)',
                row.seq,
                row.event,
                String(error),
                Date.now(),
              );
              this.sql.exec('DELETE FROM outbox WHERE seq = ?', row.seq);
            });
            continue;
          }
          const delay = OUTBOX_RETRY_MS[Math.min(row.attempts, OUTBOX_RETRY_MS.length - 1)]!;
          this.sql.exec(
            'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE seq = ?',
            Date.now() + delay,
            row.seq,
          );
          console.error('region wall outbox flush failed; will retry', regionId, error);
          return;
        }
      }
    } finally {
      this.setLease(0);
    }
  }

  private leaseUntil(): number {
    return Number(
      this.sql
        .exec<{ value: string }>("SELECT value FROM wall_meta WHERE key = 'flush_lease_until'")
        .toArray()[0]?.value ?? 0,
    );
  }

  private setLease(until: number) {
    this.sql.exec(
      "INSERT OR REPLACE INTO wall_meta (key, value) VALUES ('flush_lease_until', ?)",
      String(until),
    );
  }
}
