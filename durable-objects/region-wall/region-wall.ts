import { DurableObject } from 'cloudflare:workers';
import { aliased, aliasedColumns } from '../../worker/platform/db/aliased';
import { and, eq, gte, inArray, isNull, notInArray, or } from 'drizzle-orm';
import { openDatabase } from '../../worker/platform/db/client';
import { deals, leads, tasks, users, visits } from '../../worker/platform/db/schema';
import { applyWallEvent, type WallEvent } from './outbox';
import { dispatchDueNotifications } from '../../queues/cron';
import { digestDay, dueDigests, nextDigestDayStart, planAlerts } from './alert-plan';
import { dueSteps, evidenceProblems, type EvidenceProblem, type EvidenceRequirement, type TaskEvidence, type TimerKind } from './escalation-rules';
import { summarizeWall, type WallSummary } from './wall-summary';

const DAY = 86_400_000;
const OUTBOX_RETRY_MS = [1_000, 5_000, 30_000, 120_000, 600_000];
/** After this many failed flushes an event is set aside so it cannot block the ones behind it. */
const OUTBOX_MAX_ATTEMPTS = 8;
/**
 * One flusher at a time keeps D1 in event order. The lease lives in storage, not in a promise: a
 * promise started by one invocation never settles for another once the first has ended, and a
 * flusher that dies leaves a lease that simply runs out.
 */
const FLUSH_LEASE_MS = 30_000;

export type WallTaskStatus = 'open' | 'claimed' | 'done' | 'cancelled';

export type WallTask = {
  id: string;
  cityId: string;
  title: string;
  description: string | null;
  /** The Chinese wording, for zh-CN readers (null: `title`/`description` for everyone). */
  titleZh: string | null;
  descriptionZh: string | null;
  dueAt: number;
  status: WallTaskStatus;
  claimedBy: string | null;
  claimedByName: string | null;
  claimedAt: number | null;
  completedAt: number | null;
  evidenceRequired: EvidenceRequirement;
  evidence: TaskEvidence | null;
};

export type NewWallTask = Pick<WallTask, 'id' | 'cityId' | 'title' | 'description' | 'dueAt' | 'evidenceRequired'> & Partial<Pick<WallTask, 'titleZh' | 'descriptionZh'>>;
export type WallActor = { id: string; name: string; role: string; cityId: string | null };

export type WallResult =
  | { ok: true; task: WallTask }
  | { ok: false; code: 'not_found' | 'not_claimable' | 'not_yours' | 'wrong_city'; task?: WallTask }
  | { ok: false; code: 'already_claimed'; task: WallTask; claimedBy: { id: string; name: string } }
  | { ok: false; code: 'evidence_missing'; task: WallTask; missing: EvidenceProblem[] };

export type TimerStart = { kind: TimerKind; subjectId: string; anchorAt: number; ownerId: string | null; title: string; titleZh?: string | null };

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

type TimerRow = { id: string; kind: TimerKind; subject_id: string; anchor_at: number; step: number; due_at: number; owner_id: string | null; title: string; title_zh: string | null };
type OutboxRow = { seq: number; event: string; attempts: number; next_attempt_at: number };

/** Socket tags: managers watch the whole region, a rep only their city. */
export const REGION_TAG = 'region';
export const cityTag = (cityId: string) => `city:${cityId}`;
/** Close codes that report an ending but may never be sent in a close frame (RFC 6455 §7.4.1). */
const RESERVED_CLOSE_CODES = new Set([1005, 1006, 1015]);

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

/**
 * The live task wall and escalation timers of one region (addressed by `idFromName(regionId)`).
 *
 * - Claims are atomic: each method reads and writes the object's SQLite synchronously, with no
 *   await in between, so concurrent claims are serialised and exactly one wins.
 * - Every state change is written, in the same storage transaction, to an outbox; the outbox is
 *   flushed to D1 in order, with retries from the alarm, and D1 rows are keyed by event id.
 * - Timers live in one table and share the one alarm, armed for the earliest of the next timer
 *   and the next outbox retry. A timer step is marked done in the same transaction as its
 *   events, so an alarm delivered twice fires nothing twice. What a run tells people is grouped
 *   (`alert-plan.ts`): stale-deal reminders wait for the rep's one digest of the day, and
 *   escalations opened together are announced once, so a first wake-up does not flood inboxes.
 * - Live updates go out over hibernatable WebSockets tagged by city.
 */
export class RegionWall extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS wall_tasks (
        id TEXT PRIMARY KEY, city_id TEXT NOT NULL, title TEXT NOT NULL, description TEXT, due_at INTEGER NOT NULL,
        status TEXT NOT NULL, claimed_by TEXT, claimed_by_name TEXT, claimed_at INTEGER, completed_at INTEGER,
        evidence_required TEXT NOT NULL DEFAULT '{"photo":false,"position":false,"note":false}', evidence TEXT)`);
      this.sql.exec('CREATE TABLE IF NOT EXISTS wall_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
      this.sql.exec(`CREATE TABLE IF NOT EXISTS timers (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, subject_id TEXT NOT NULL, anchor_at INTEGER NOT NULL, step INTEGER NOT NULL,
        due_at INTEGER NOT NULL, owner_id TEXT, title TEXT NOT NULL)`);
      this.sql.exec('CREATE INDEX IF NOT EXISTS timers_due_idx ON timers (due_at)');
      // Objects created before tasks had a Chinese wording get the columns added in place.
      this.addColumnIfMissing('wall_tasks', 'title_zh');
      this.addColumnIfMissing('wall_tasks', 'description_zh');
      this.addColumnIfMissing('timers', 'title_zh');
      this.sql.exec('CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL DEFAULT 0)');
      this.sql.exec('CREATE TABLE IF NOT EXISTS digest_items (key TEXT PRIMARY KEY, owner_id TEXT NOT NULL, subject_id TEXT NOT NULL, title TEXT NOT NULL, due_at INTEGER NOT NULL)');
      this.sql.exec('CREATE TABLE IF NOT EXISTS outbox_dead (seq INTEGER PRIMARY KEY, event TEXT NOT NULL, error TEXT NOT NULL, failed_at INTEGER NOT NULL)');
    });
    // Keep-alive pings are answered without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong'));
  }

  private addColumnIfMissing(table: 'wall_tasks' | 'timers', column: string): void {
    const present = this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM pragma_table_info('${table}') WHERE name = ?`, column).one().n > 0;
    if (!present) this.sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} TEXT`);
  }

  // ---------------------------------------------------------------- reading

  async summary(regionId: string, now: number, dayStartedAt: number): Promise<WallSummary> {
    await this.ready(regionId);
    return summarizeWall(this.allTasks(), now, dayStartedAt);
  }

  async listTasks(regionId: string, filter: { cityId?: string; statuses?: WallTaskStatus[]; claimedBy?: string }): Promise<WallTask[]> {
    await this.ready(regionId);
    return this.allTasks().filter(
      (task) =>
        (!filter.cityId || task.cityId === filter.cityId) &&
        (!filter.statuses || filter.statuses.includes(task.status)) &&
        (!filter.claimedBy || task.claimedBy === filter.claimedBy),
    );
  }

  async getTask(regionId: string, taskId: string): Promise<WallTask | null> {
    await this.ready(regionId);
    return this.task(taskId);
  }

  /** A call that does nothing: the baseline the claim benchmark compares against. */
  async ping(): Promise<number> {
    return 1;
  }

  // ---------------------------------------------------------------- changing

  /** Adds published tasks (again is harmless: ids are stable) and starts their overdue timers. */
  async publishTasks(regionId: string, published: NewWallTask[]): Promise<number> {
    await this.ready(regionId);
    let added = 0;
    this.ctx.storage.transactionSync(() => {
      for (const task of published) {
        const inserted = this.sql.exec(
          `INSERT OR IGNORE INTO wall_tasks (id, city_id, title, description, title_zh, description_zh, due_at, status, evidence_required) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
          task.id,
          task.cityId,
          task.title,
          task.description,
          task.titleZh ?? null,
          task.descriptionZh ?? null,
          task.dueAt,
          JSON.stringify(task.evidenceRequired),
        ).rowsWritten;
        if (inserted > 0) {
          added += 1;
          this.putTimer({ kind: 'task_overdue', subjectId: task.id, anchorAt: task.dueAt, ownerId: null, title: task.title, titleZh: task.titleZh ?? null });
        }
      }
    });
    if (added > 0) {
      for (const cityId of new Set(published.map((t) => t.cityId))) this.broadcast(cityId, { type: 'published', cityId });
      await this.armAlarm();
    }
    return added;
  }

  async claimTask(regionId: string, taskId: string, actor: WallActor, now: number): Promise<WallResult> {
    await this.ready(regionId);
    const task = this.task(taskId);
    if (!task) return { ok: false, code: 'not_found' };
    if (actor.cityId !== task.cityId) return { ok: false, code: 'wrong_city', task };
    if (task.status === 'claimed' && task.claimedBy) {
      // Claiming what you already hold is a retry, not a conflict.
      if (task.claimedBy === actor.id) return { ok: true, task };
      return { ok: false, code: 'already_claimed', task, claimedBy: { id: task.claimedBy, name: task.claimedByName ?? '' } };
    }
    if (task.status !== 'open') return { ok: false, code: 'not_claimable', task };
    const claimed = this.change(task, { status: 'claimed', claimedBy: actor.id, claimedByName: actor.name, claimedAt: now }, { kind: 'task.claimed', actorId: actor.id, occurredAt: now });
    this.afterChange(claimed.cityId);
    return { ok: true, task: claimed };
  }

  /** A manager puts a claimed task back on the wall. */
  async releaseTask(regionId: string, taskId: string, actor: WallActor, now: number): Promise<WallResult> {
    await this.ready(regionId);
    const task = this.task(taskId);
    if (!task) return { ok: false, code: 'not_found' };
    if (task.status !== 'claimed') return { ok: false, code: 'not_claimable', task };
    const released = this.change(task, { status: 'open', claimedBy: null, claimedByName: null, claimedAt: null }, { kind: 'task.released', actorId: actor.id, occurredAt: now });
    this.afterChange(released.cityId);
    return { ok: true, task: released };
  }

  /** A manager gives a task (open or claimed) to a rep of its city. */
  async reassignTask(regionId: string, taskId: string, actor: WallActor, to: WallActor, now: number): Promise<WallResult> {
    await this.ready(regionId);
    const task = this.task(taskId);
    if (!task) return { ok: false, code: 'not_found' };
    if (task.status !== 'open' && task.status !== 'claimed') return { ok: false, code: 'not_claimable', task };
    if (to.cityId !== task.cityId) return { ok: false, code: 'wrong_city', task };
    const reassigned = this.change(task, { status: 'claimed', claimedBy: to.id, claimedByName: to.name, claimedAt: now }, { kind: 'task.reassigned', actorId: actor.id, occurredAt: now });
    this.afterChange(reassigned.cityId);
    return { ok: true, task: reassigned };
  }

  /** Completion by the rep holding the task, with the evidence its template asks for. */
  async completeTask(regionId: string, taskId: string, actor: WallActor, evidence: TaskEvidence, now: number): Promise<WallResult> {
    await this.ready(regionId);
    const task = this.task(taskId);
    if (!task) return { ok: false, code: 'not_found' };
    if (task.status === 'done') return task.claimedBy === actor.id ? { ok: true, task } : { ok: false, code: 'not_claimable', task };
    if (task.status !== 'claimed' || task.claimedBy !== actor.id) return { ok: false, code: 'not_yours', task };
    const missing = evidenceProblems(task.evidenceRequired, evidence, now > task.dueAt);
    if (missing.length > 0) return { ok: false, code: 'evidence_missing', task, missing };
    const done = this.change(task, { status: 'done', completedAt: now, evidence }, { kind: 'task.completed', actorId: actor.id, occurredAt: now }, () => {
      this.sql.exec('DELETE FROM timers WHERE id = ?', timerId('task_overdue', task.id));
    });
    this.afterChange(done.cityId);
    return { ok: true, task: done };
  }

  /** Starts (or restarts from its first step) the timer of one subject. */
  async startTimer(regionId: string, timer: TimerStart): Promise<void> {
    await this.ready(regionId);
    this.ctx.storage.transactionSync(() => this.putTimer(timer));
    await this.armAlarm();
  }

  async stopTimer(regionId: string, kind: TimerKind, subjectId: string): Promise<void> {
    await this.ready(regionId);
    this.sql.exec('DELETE FROM timers WHERE id = ?', timerId(kind, subjectId));
  }

  async pendingTimers(regionId: string): Promise<{ kind: TimerKind; subjectId: string; step: number; dueAt: number }[]> {
    await this.ready(regionId);
    return this.sql.exec<TimerRow>('SELECT * FROM timers ORDER BY due_at').toArray().map((t) => ({ kind: t.kind, subjectId: t.subject_id, step: t.step, dueAt: t.due_at }));
  }

  // ---------------------------------------------------------------- live sockets

  /** Upgrades a socket. Only the worker reaches this, after checking who may watch what. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade') !== 'websocket') return new Response('Expected a WebSocket upgrade', { status: 426 });
    const tags = (request.headers.get('x-wall-tags') ?? '').split(',').filter(Boolean);
    if (tags.length === 0) return new Response('No subscription', { status: 400 });
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1], tags);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  override async webSocketMessage(): Promise<void> {
    // Clients only listen; anything but the automatic ping is ignored.
  }

  /**
   * Completes the closing handshake. 1005, 1006 and 1015 only describe how a socket ended (a
   * dropped phone is 1006) and may not be sent, so those are answered with a normal 1000; a
   * socket already gone cannot be closed again, which is not an error.
   */
  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(RESERVED_CLOSE_CODES.has(code) ? 1000 : code, 'bye');
    } catch {
      // Already closed on our side.
    }
  }

  private broadcast(cityId: string, message: Record<string, unknown>) {
    const text = JSON.stringify(message);
    for (const ws of [...this.ctx.getWebSockets(cityTag(cityId)), ...this.ctx.getWebSockets(REGION_TAG)]) {
      try {
        ws.send(text);
      } catch {
        // A socket closing as we send: the client reconnects and refetches.
      }
    }
  }

  // ---------------------------------------------------------------- alarm: timers and outbox

  override async alarm(): Promise<void> {
    const regionId = this.regionId();
    if (!regionId) return;
    const now = Date.now();
    const due = this.sql.exec<TimerRow>('SELECT * FROM timers WHERE due_at <= ? ORDER BY due_at', now).toArray();
    // One transaction for the whole run: its steps are marked done with their events, so a
    // second delivery fires nothing twice, and the run's alerts are grouped as one.
    this.ctx.storage.transactionSync(() => {
      const fired = due.map((timer) => {
        const plan = dueSteps(timer.kind, timer.step, timer.anchor_at, now);
        if (plan.nextStep === null || plan.nextDueAt === null) this.sql.exec('DELETE FROM timers WHERE id = ?', timer.id);
        else this.sql.exec('UPDATE timers SET step = ?, due_at = ? WHERE id = ?', plan.nextStep, plan.nextDueAt, timer.id);
        return { timer: { id: timer.id, kind: timer.kind, subjectId: timer.subject_id, anchorAt: timer.anchor_at, ownerId: timer.owner_id, title: timer.title, titleZh: timer.title_zh }, steps: plan.steps };
      });
      const { events, digestItems } = planAlerts(fired, now);
      for (const event of events) this.enqueue(event);
      for (const item of digestItems) {
        this.sql.exec('INSERT OR REPLACE INTO digest_items (key, owner_id, subject_id, title, due_at) VALUES (?, ?, ?, ?, ?)', item.key, item.ownerId, item.subjectId, item.title, item.dueAt);
      }
      this.queueDigests(now);
    });
    await this.flush();
    await this.armAlarm();
  }

  /** Writes queued events to D1 in order; stops at the first failure and retries later. */
  private async flush(): Promise<void> {
    const regionId = this.regionId();
    if (!regionId || this.leaseUntil() > Date.now()) return;
    this.setLease(Date.now() + FLUSH_LEASE_MS);
    let notified = false;
    try {
      const db = openDatabase(this.env.DB);
      for (;;) {
        const row = this.sql.exec<OutboxRow>('SELECT * FROM outbox ORDER BY seq LIMIT 1').toArray()[0];
        if (!row) {
          // Reminders and escalations also go out through the recipients' chat routes.
          if (notified) await dispatchDueNotifications(this.env, Date.now());
          return;
        }
        this.setLease(Date.now() + FLUSH_LEASE_MS);
        try {
          await applyWallEvent(db, regionId, JSON.parse(row.event) as WallEvent);
          this.sql.exec('DELETE FROM outbox WHERE seq = ?', row.seq);
        } catch (error) {
          if (row.attempts + 1 >= OUTBOX_MAX_ATTEMPTS) {
            console.error('region wall event set aside after repeated failures', regionId, row.event, error);
            this.ctx.storage.transactionSync(() => {
              this.sql.exec('INSERT INTO outbox_dead (seq, event, error, failed_at) VALUES (?, ?, ?, ?)', row.seq, row.event, String(error), Date.now());
              this.sql.exec('DELETE FROM outbox WHERE seq = ?', row.seq);
            });
            continue;
          }
          const delay = OUTBOX_RETRY_MS[Math.min(row.attempts, OUTBOX_RETRY_MS.length - 1)]!;
          this.sql.exec('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE seq = ?', Date.now() + delay, row.seq);
          console.error('region wall outbox flush failed; will retry', regionId, error);
          return;
        }
      }
    } finally {
      this.setLease(0);
    }
  }

  private leaseUntil(): number {
    return Number(this.sql.exec<{ value: string }>("SELECT value FROM wall_meta WHERE key = 'flush_lease_until'").toArray()[0]?.value ?? 0);
  }

  private setLease(until: number) {
    this.sql.exec("INSERT OR REPLACE INTO wall_meta (key, value) VALUES ('flush_lease_until', ?)", String(until));
  }

  private async armAlarm(): Promise<void> {
    const nextTimer = this.sql.exec<{ at: number | null }>('SELECT min(due_at) AS at FROM timers').one().at;
    const firstRetry = this.sql.exec<{ at: number | null }>('SELECT min(next_attempt_at) AS at FROM outbox').one().at;
    // A lease held by a flusher that died is waited out, not polled.
    const nextRetry = firstRetry === null ? null : Math.max(firstRetry, this.leaseUntil());
    // Reminders held back because today's digest went out wait for tomorrow's.
    const waitingDigest = this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM digest_items').one().n > 0 ? nextDigestDayStart(Date.now()) : null;
    const candidates = [nextTimer, nextRetry, waitingDigest].filter((at): at is number => at !== null);
    if (candidates.length === 0) return;
    const at = Math.max(Date.now(), Math.min(...candidates));
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  /** Sends each rep's waiting stale-deal reminders as one digest, at most one a day. */
  private queueDigests(now: number) {
    const items = this.sql
      .exec<{ key: string; owner_id: string; subject_id: string; title: string; due_at: number }>('SELECT * FROM digest_items')
      .toArray()
      .map((row) => ({ key: row.key, ownerId: row.owner_id, subjectId: row.subject_id, title: row.title, dueAt: row.due_at }));
    const lastSentDay = (ownerId: string) => {
      const value = this.sql.exec<{ value: string }>('SELECT value FROM wall_meta WHERE key = ?', `digest_day:${ownerId}`).toArray()[0]?.value;
      return value === undefined ? null : Number(value);
    };
    for (const digest of dueDigests(items, lastSentDay, now)) {
      this.enqueue({ eventId: digest.eventId, kind: 'reminder_digest', occurredAt: now, ownerId: digest.ownerId, reminder: 'stale_deal', items: digest.items.map(({ subjectId, title, dueAt }) => ({ subjectId, title, dueAt })) });
      this.sql.exec('DELETE FROM digest_items WHERE owner_id = ?', digest.ownerId);
      this.sql.exec('INSERT OR REPLACE INTO wall_meta (key, value) VALUES (?, ?)', `digest_day:${digest.ownerId}`, String(digestDay(now)));
    }
  }

  // ---------------------------------------------------------------- internals

  private regionId(): string | null {
    return this.sql.exec<{ value: string }>("SELECT value FROM wall_meta WHERE key = 'region_id'").toArray()[0]?.value ?? null;
  }

  private task(taskId: string): WallTask | null {
    const row = this.sql.exec<TaskRow>('SELECT * FROM wall_tasks WHERE id = ?', taskId).toArray()[0];
    return row ? toTask(row) : null;
  }

  private allTasks(): WallTask[] {
    return this.sql.exec<TaskRow>('SELECT * FROM wall_tasks ORDER BY due_at, id').toArray().map(toTask);
  }

  /** Applies a task change and records its event, atomically. */
  private change(task: WallTask, patch: Partial<WallTask>, event: { kind: 'task.claimed' | 'task.released' | 'task.reassigned' | 'task.completed'; actorId: string; occurredAt: number }, also?: () => void): WallTask {
    const next = { ...task, ...patch };
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(
        'UPDATE wall_tasks SET status = ?, claimed_by = ?, claimed_by_name = ?, claimed_at = ?, completed_at = ?, evidence = ? WHERE id = ?',
        next.status,
        next.claimedBy,
        next.claimedByName,
        next.claimedAt,
        next.completedAt,
        next.evidence ? JSON.stringify(next.evidence) : null,
        task.id,
      );
      if (next.claimedBy !== task.claimedBy) this.sql.exec('UPDATE timers SET owner_id = ? WHERE id = ?', next.claimedBy, timerId('task_overdue', task.id));
      this.enqueue({ eventId: crypto.randomUUID(), kind: event.kind, occurredAt: event.occurredAt, actorId: event.actorId, task: next });
      also?.();
    });
    return next;
  }

  private afterChange(cityId: string) {
    this.broadcast(cityId, { type: 'changed', cityId });
    this.ctx.waitUntil(this.flush().then(() => this.armAlarm()));
  }

  private enqueue(event: WallEvent) {
    this.sql.exec('INSERT INTO outbox (event) VALUES (?)', JSON.stringify(event));
  }

  private putTimer(timer: TimerStart) {
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

  /** On first use, loads the region's live tasks and the timers its open work implies from D1. */
  private async ready(regionId: string): Promise<void> {
    const loaded = this.regionId();
    if (loaded) {
      if (loaded !== regionId) throw new Error(`RegionWall for ${loaded} was asked about ${regionId}`);
      return;
    }
    await this.ctx.blockConcurrencyWhile(async () => {
      if (this.regionId()) return;
      const now = Date.now();
      const db = openDatabase(this.env.DB);
      const [taskRows, leadRows, dealRows, commitmentRows] = await db.batch([
        db
          .select({ task: aliasedColumns(tasks, 'task'), claimerName: aliased(users.name, 'claimer_name') })
          .from(tasks)
          .leftJoin(users, eq(users.id, tasks.claimedBy))
          .where(and(eq(tasks.regionId, regionId), or(inArray(tasks.status, ['open', 'claimed']), gte(tasks.completedAt, now - 2 * DAY)))),
        db
          .select({ id: leads.id, assignedAt: leads.assignedAt, assigneeId: leads.assigneeId, name: leads.name, company: leads.company })
          .from(leads)
          .where(and(eq(leads.regionId, regionId), eq(leads.status, 'new'), isNull(leads.firstTouchAt))),
        db
          .select({ id: deals.id, lastProgressAt: deals.lastProgressAt, ownerId: deals.ownerId, name: deals.name })
          .from(deals)
          .where(and(eq(deals.regionId, regionId), notInArray(deals.stage, ['won', 'lost']))),
        db
          .select({ id: visits.id, dueAt: visits.commitmentDueAt, repId: visits.repId, text: visits.commitmentText })
          .from(visits)
          .where(and(eq(visits.regionId, regionId), gte(visits.commitmentDueAt, now - DAY))),
      ]);
      this.ctx.storage.transactionSync(() => {
        for (const { task, claimerName } of taskRows) {
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
            claimerName,
            task.claimedAt,
            task.completedAt,
            JSON.stringify(task.evidenceRequired ?? { photo: false, position: false, note: false }),
          );
          if (task.status === 'open' || task.status === 'claimed') this.putTimer({ kind: 'task_overdue', subjectId: task.id, anchorAt: task.dueAt, ownerId: task.claimedBy, title: task.title, titleZh: task.titleZh });
        }
        for (const lead of leadRows) {
          if (lead.assignedAt) this.putTimer({ kind: 'lead_first_touch', subjectId: lead.id, anchorAt: lead.assignedAt, ownerId: lead.assigneeId, title: lead.company ? `${lead.name} · ${lead.company}` : lead.name });
        }
        for (const deal of dealRows) this.putTimer({ kind: 'stale_deal', subjectId: deal.id, anchorAt: deal.lastProgressAt, ownerId: deal.ownerId, title: deal.name });
        for (const visit of commitmentRows) {
          if (visit.dueAt && visit.text) this.putTimer({ kind: 'commitment', subjectId: visit.id, anchorAt: visit.dueAt, ownerId: visit.repId, title: visit.text });
        }
        this.sql.exec("INSERT INTO wall_meta (key, value) VALUES ('region_id', ?)", regionId);
      });
      await this.armAlarm();
    });
  }
}

export function timerId(kind: TimerKind, subjectId: string): string {
  return `${kind}:${subjectId}`;
}
