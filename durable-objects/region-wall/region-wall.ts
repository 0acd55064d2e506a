import { DurableObject } from 'cloudflare:workers';
import { openDatabase } from '../../worker/platform/db/client';
import { digestDay, dueDigests, nextDigestDayStart, planAlerts } from './alert-plan';
import { dueSteps, type TaskEvidence } from './escalation-rules';
import { loadRegion } from './hydration';
import { Outbox } from './outbox';
import { acceptSocket, answerClose, broadcast } from './sockets';
import type { TimerKind } from './timer-kinds';
import { applyWallEvent } from './wall-events';
import {
  cancel,
  claim,
  complete,
  reassign,
  release,
  successorTakesTask,
  type NewWallTask,
  type WallActor,
  type WallChange,
  type WallResult,
  type WallTask,
  type WallTaskStatus,
} from './wall-rules';
import { WallStore, type TimerStart } from './wall-store';
import { summarizeWall, wallBoard, type WallBoard, type WallSummary } from './wall-summary';

export type { NewWallTask, WallActor, WallResult, WallTask, WallTaskStatus } from './wall-rules';
export { cityTag, REGION_TAG } from './sockets';

/**
 * The live task wall and escalation timers of one region, addressed by `idFromName(regionId)`:
 * the object knows its region from its name, so no method takes it.
 *
 * - Claims are atomic: each method reads and writes the object's SQLite synchronously, with no
 *   await in between, so concurrent claims are serialised and exactly one wins (wall-rules.ts).
 * - Every state change is written, in the same storage transaction, to the outbox (outbox.ts),
 *   flushed to D1 in order with retries from the alarm; D1 rows are keyed by event id.
 * - Timers (timer-kinds.ts) live in one table and share the one alarm, armed for the earliest of
 *   the next timer and the next outbox retry. A timer step is marked done in the same
 *   transaction as its events, so an alarm delivered twice fires nothing twice. What a run tells
 *   people is grouped (alert-plan.ts). docs/rules.md#escalation-timers
 * - Live updates go out over hibernatable WebSockets tagged by city (sockets.ts).
 */
export class RegionWall extends DurableObject<Env> {
  private readonly store: WallStore;
  private readonly outbox: Outbox;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new WallStore(ctx.storage.sql);
    this.outbox = new Outbox(ctx.storage);
    ctx.blockConcurrencyWhile(async () => this.store.migrate());
    // Keep-alive pings are answered without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong'));
  }

  // ---------------------------------------------------------------- reading

  async summary(now: number, dayStartedAt: number): Promise<WallSummary> {
    await this.ready();
    return summarizeWall(this.store.allTasks(), now, dayStartedAt);
  }

  /** The manager's board and its counts per city in one call: only the tasks on the board travel. */
  async board(now: number, dayStartedAt: number): Promise<WallBoard<WallTask>> {
    await this.ready();
    return wallBoard(this.store.allTasks(), now, dayStartedAt);
  }

  async listTasks(filter: {
    cityId?: string;
    statuses?: WallTaskStatus[];
    claimedBy?: string;
  }): Promise<WallTask[]> {
    await this.ready();
    return this.store
      .allTasks()
      .filter(
        (task) =>
          (!filter.cityId || task.cityId === filter.cityId) &&
          (!filter.statuses || filter.statuses.includes(task.status)) &&
          (!filter.claimedBy || task.claimedBy === filter.claimedBy),
      );
  }

  async getTask(taskId: string): Promise<WallTask | null> {
    await this.ready();
    return this.store.task(taskId);
  }

  /** A call that does nothing: the baseline the claim benchmark compares against. */
  async ping(): Promise<number> {
    return 1;
  }

  // ---------------------------------------------------------------- changing

  /** Adds published tasks (again is harmless: ids are stable) and starts their overdue timers. */
  async publishTasks(published: NewWallTask[]): Promise<number> {
    await this.ready();
    let added = 0;
    this.ctx.storage.transactionSync(() => {
      for (const task of published) {
        if (!this.store.addPublished(task)) continue;
        added += 1;
        this.store.putTimer({
          kind: 'task_overdue',
          subjectId: task.id,
          anchorAt: task.dueAt,
          ownerId: task.claimedBy ?? null,
          title: task.title,
          titleZh: task.titleZh ?? null,
        });
      }
    });
    if (added > 0) {
      for (const cityId of new Set(published.map((t) => t.cityId)))
        broadcast(this.ctx, cityId, { type: 'published', cityId });
      await this.armAlarm();
    }
    return added;
  }

  async claimTask(taskId: string, actor: WallActor, now: number): Promise<WallResult> {
    return this.act(taskId, (task) => claim(task, actor, now));
  }

  async releaseTask(taskId: string, actor: WallActor, now: number): Promise<WallResult> {
    return this.act(taskId, (task) => release(task, actor, now));
  }

  async reassignTask(
    taskId: string,
    actor: WallActor,
    to: WallActor,
    now: number,
  ): Promise<WallResult> {
    return this.act(taskId, (task) => reassign(task, actor, to, now));
  }

  /**
   * A leaver's claimed tasks, in one call: each goes to the successor when they can hold it
   * (`successorTakesTask`), else back on the wall. Each change is its own transaction and event.
   */
  async handOverClaimedTasks(
    leaverId: string,
    actor: WallActor,
    successor: WallActor,
    now: number,
  ): Promise<WallResult[]> {
    await this.ready();
    const held = this.store
      .allTasks()
      .filter((task) => task.status === 'claimed' && task.claimedBy === leaverId);
    const results: WallResult[] = [];
    for (const task of held)
      results.push(
        await this.act(task.id, (current) =>
          successorTakesTask(successor, task.cityId)
            ? reassign(current, actor, successor, now)
            : release(current, actor, now),
        ),
      );
    return results;
  }

  /** Takes tasks off the wall (their reason is gone), each its own transaction and event. */
  async cancelTasks(taskIds: string[], actor: WallActor, now: number): Promise<WallResult[]> {
    const results: WallResult[] = [];
    for (const taskId of taskIds)
      results.push(await this.act(taskId, (task) => cancel(task, actor, now)));
    return results;
  }

  async completeTask(
    taskId: string,
    actor: WallActor,
    evidence: TaskEvidence,
    now: number,
  ): Promise<WallResult> {
    return this.act(taskId, (task) => complete(task, actor, evidence, now));
  }

  /** Starts (or restarts from its first step) the timer of one subject. */
  async startTimer(timer: TimerStart): Promise<void> {
    await this.startTimers([timer]);
  }

  /** Several timers in one call and one transaction (a restored customer's work). */
  async startTimers(timers: TimerStart[]): Promise<void> {
    await this.ready();
    this.ctx.storage.transactionSync(() => {
      for (const timer of timers) this.store.putTimer(timer);
    });
    await this.armAlarm();
  }

  async stopTimer(kind: TimerKind, subjectId: string): Promise<void> {
    await this.stopTimers([{ kind, subjectId }]);
  }

  /** Several timers in one call and one transaction (an archived customer's work). */
  async stopTimers(subjects: { kind: TimerKind; subjectId: string }[]): Promise<void> {
    await this.ready();
    this.ctx.storage.transactionSync(() => {
      for (const { kind, subjectId } of subjects) this.store.deleteTimer(kind, subjectId);
    });
  }

  /**
   * The subjects changed hands (a customer reassigned to another rep): their timers now remind
   * and name the new owner, keeping their anchor and step. Subjects without a timer are skipped,
   * so a repeat changes nothing.
   */
  async reassignTimers(
    subjects: { kind: TimerKind; subjectId: string }[],
    ownerId: string,
  ): Promise<number> {
    await this.ready();
    return this.ctx.storage.transactionSync(() => this.store.reassignTimers(subjects, ownerId));
  }

  async pendingTimers(): Promise<
    { kind: TimerKind; subjectId: string; step: number; dueAt: number; ownerId: string | null }[]
  > {
    await this.ready();
    return this.store.timers().map(({ kind, subjectId, step, dueAt, ownerId }) => ({
      kind,
      subjectId,
      step,
      dueAt,
      ownerId,
    }));
  }

  // ---------------------------------------------------------------- live sockets

  /** Upgrades a socket. Only the worker reaches this, after checking who may watch what. */
  override async fetch(request: Request): Promise<Response> {
    return acceptSocket(this.ctx, request);
  }

  override async webSocketMessage(): Promise<void> {
    // Clients only listen; anything but the automatic ping is ignored.
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    answerClose(ws, code);
  }

  // ---------------------------------------------------------------- alarm: timers and outbox

  override async alarm(): Promise<void> {
    if (!this.regionId()) return;
    const now = Date.now();
    const due = this.store.dueTimers(now);
    // One transaction for the whole run: its steps are marked done with their events, so a
    // second delivery fires nothing twice, and the run's alerts are grouped as one.
    this.ctx.storage.transactionSync(() => {
      const fired = due.map((timer) => {
        const plan = dueSteps(timer.kind, timer.step, timer.anchorAt, now);
        this.store.advanceTimer(timer.id, plan.nextStep, plan.nextDueAt);
        return { timer, steps: plan.steps };
      });
      const { events, digestItems } = planAlerts(fired, now);
      for (const event of events) this.outbox.enqueue(event);
      for (const item of digestItems) this.store.addDigestItem(item);
      this.queueDigests(now);
    });
    await this.flush();
    await this.armAlarm();
  }

  /** Sends each rep's waiting stale-deal reminders as one digest, at most one a day. */
  private queueDigests(now: number) {
    for (const digest of dueDigests(
      this.store.digestItems(),
      (ownerId) => this.store.lastDigestDay(ownerId),
      now,
    )) {
      this.outbox.enqueue({
        eventId: digest.eventId,
        kind: 'reminder_digest',
        occurredAt: now,
        ownerId: digest.ownerId,
        reminder: 'stale_deal',
        items: digest.items.map(({ subjectId, title, dueAt }) => ({ subjectId, title, dueAt })),
      });
      this.store.digestSent(digest.ownerId, digestDay(now));
    }
  }

  private async flush(): Promise<void> {
    const regionId = this.regionId();
    if (!regionId) return;
    const db = openDatabase(this.env.DB);
    await this.outbox.flush(regionId, (event) => applyWallEvent(db, regionId, event));
  }

  private async armAlarm(): Promise<void> {
    // Reminders held back because today's digest went out wait for tomorrow's.
    const waitingDigest = this.store.hasDigestItems() ? nextDigestDayStart(Date.now()) : null;
    const candidates = [this.store.nextTimerAt(), this.outbox.nextRetryAt(), waitingDigest].filter(
      (at): at is number => at !== null,
    );
    if (candidates.length === 0) return;
    const at = Math.max(Date.now(), Math.min(...candidates));
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  // ---------------------------------------------------------------- internals

  /**
   * Runs a wall rule on a task and writes its change with its event in one transaction, then
   * tells watchers and D1. Nothing awaits between the read and the write.
   */
  private async act(
    taskId: string,
    rule: (task: WallTask | null) => WallChange,
  ): Promise<WallResult> {
    await this.ready();
    const before = this.store.task(taskId);
    const change = rule(before);
    if (!change.ok) return change;
    const { task, event } = change;
    if (!before || !event) return { ok: true, task };
    this.ctx.storage.transactionSync(() => {
      this.store.saveTask(before, task);
      this.outbox.enqueue({
        eventId: crypto.randomUUID(),
        kind: event.kind,
        occurredAt: event.occurredAt,
        actorId: event.actorId,
        task,
      });
      // A finished or cancelled task has nothing left to be overdue for.
      if (task.status === 'done' || task.status === 'cancelled')
        this.store.deleteTimer('task_overdue', task.id);
    });
    broadcast(this.ctx, task.cityId, { type: 'changed', cityId: task.cityId });
    this.ctx.waitUntil(this.flush().then(() => this.armAlarm()));
    return { ok: true, task };
  }

  private regionId(): string | null {
    return this.store.meta('region_id');
  }

  /** On first use, records the region (the object's name) and loads its live state from D1. */
  private async ready(): Promise<void> {
    if (this.regionId()) return;
    const regionId = this.ctx.id.name;
    if (!regionId) throw new Error('RegionWall must be addressed by idFromName(regionId)');
    await this.ctx.blockConcurrencyWhile(async () => {
      if (this.regionId()) return;
      const loaded = await loadRegion(openDatabase(this.env.DB), regionId, Date.now());
      this.ctx.storage.transactionSync(() => {
        for (const task of loaded.tasks) this.store.putLoaded(task);
        for (const timer of loaded.timers) this.store.putTimer(timer);
        this.store.setMeta('region_id', regionId);
      });
      await this.armAlarm();
    });
  }
}
