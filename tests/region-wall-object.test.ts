import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { regionWall } from '../worker/tasks/wall';
import { Outbox } from '../durable-objects/region-wall/outbox';
import type { WallEvent } from '../durable-objects/region-wall/wall-events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import {
  cityTag,
  type RegionWall,
  type WallActor,
} from '../durable-objects/region-wall/region-wall';
import { seedTinyCompany } from './helpers/seed';
import { signInAs } from './helpers/http';

let data: SeedData;
const HOUR = 3_600_000;

beforeAll(async () => {
  data = await seedTinyCompany();
  // Fifty reps in Shanghai and one in Urumqi, so every claimant is a real user in D1.
  const insertRep = (n: number, cityId: string, regionId: string) =>
    env.DB.prepare(
      "INSERT INTO users (id, email, name, role, region_id, city_id, password_hash) VALUES (?, ?, ?, 'rep', ?, ?, 'x')",
    ).bind(`usr_bench_${n}`, `bench${n}@example.com`, `Rep ${n}`, regionId, cityId);
  await env.DB.batch([
    ...Array.from({ length: 50 }, (_, n) => insertRep(n, 'city_shanghai', 'reg_east')),
    insertRep(50, 'city_urumqi', 'reg_west'),
    insertRep(51, 'city_hangzhou', 'reg_east'),
  ]);
});

const rep = (n: number, cityId = 'city_shanghai'): WallActor => ({
  id: `usr_bench_${n}`,
  name: `Rep ${n}`,
  role: 'rep',
  cityId,
});
const newTask = (id: string, cityId = 'city_shanghai', dueAt = Date.now() + 48 * HOUR) => ({
  id,
  cityId,
  title: `Task ${id}`,
  description: null,
  dueAt,
  evidenceRequired: { photo: false, position: false, note: true },
});

async function d1Count(sql: string, ...binds: unknown[]) {
  return (await env.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>())!.n;
}

/** Waits for the object's outbox to reach D1. */
async function flushed(stub: DurableObjectStub<RegionWall>) {
  for (let i = 0; i < 200; i++) {
    const left = await runInDurableObject(
      stub,
      (_, state) => state.storage.sql.exec('SELECT count(*) AS n FROM outbox').one().n as number,
    );
    if (left === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('outbox never drained');
}

describe('its region', () => {
  it('knows its region from the name it was addressed by, so callers name the region once', async () => {
    const stub = regionWall(env, 'reg_name_probe');
    expect(await runInDurableObject(stub, (_, state) => state.id.name)).toBe('reg_name_probe');
    expect(await stub.listTasks({})).toEqual([]);
    // Recorded on first use: the alarm, which has no caller, still knows which region it serves.
    const recorded = await runInDurableObject(
      stub,
      (_, state) =>
        state.storage.sql.exec("SELECT value FROM wall_meta WHERE key = 'region_id'").one().value,
    );
    expect(recorded).toBe('reg_name_probe');
  });
});

describe('claims', () => {
  it('of 50 parallel claims on one task, exactly one wins and the others are told who has it', async () => {
    const stub = regionWall(env, 'reg_east');
    await env.DB.prepare(
      "INSERT INTO tasks (id, region_id, city_id, title, due_at, status, created_at) VALUES ('race', 'reg_east', 'city_shanghai', 'Race', ?, 'open', 0)",
    )
      .bind(Date.now() + HOUR)
      .run();
    await stub.publishTasks([newTask('race')]);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, n) => stub.claimTask('race', rep(n), Date.now())),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    const winner = winners[0]!.task.claimedBy;
    for (const lost of results.filter((r) => !r.ok))
      expect(lost).toMatchObject({ code: 'already_claimed', claimedBy: { id: winner } });
    await flushed(stub);
    expect(
      await d1Count(
        "SELECT count(*) AS n FROM wall_events WHERE task_id = 'race' AND kind = 'task.claimed'",
      ),
    ).toBe(1);
    expect(
      await env.DB.prepare("SELECT status, claimed_by FROM tasks WHERE id = 'race'").first(),
    ).toEqual({ status: 'claimed', claimed_by: winner });
  });

  it('refuses a rep of another city, and lets the holder re-claim as a retry', async () => {
    const stub = regionWall(env, 'reg_east');
    await stub.publishTasks([newTask('city-check')]);
    expect(await stub.claimTask('city-check', rep(1, 'city_hangzhou'), Date.now())).toMatchObject({
      ok: false,
      code: 'wrong_city',
    });
    expect(await stub.claimTask('city-check', rep(1), Date.now())).toMatchObject({ ok: true });
    expect(await stub.claimTask('city-check', rep(1), Date.now())).toMatchObject({ ok: true });
  });

  it('completes only with the evidence the template asks for, and a lag reason when late', async () => {
    const stub = regionWall(env, 'reg_east');
    await stub.publishTasks([newTask('late', 'city_shanghai', Date.now() - HOUR)]);
    await stub.claimTask('late', rep(2), Date.now());
    expect(await stub.completeTask('late', rep(3), { note: 'done' }, Date.now())).toMatchObject({
      ok: false,
      code: 'not_yours',
    });
    expect(await stub.completeTask('late', rep(2), {}, Date.now())).toMatchObject({
      ok: false,
      code: 'evidence_missing',
      missing: ['note', 'lagReason'],
    });
    const done = await stub.completeTask(
      'late',
      rep(2),
      { note: 'Display photographed', lagReason: 'site_closed' },
      Date.now(),
    );
    expect(done).toMatchObject({ ok: true, task: { status: 'done' } });
    // Completing again is a retry, not an error.
    expect(await stub.completeTask('late', rep(2), { note: 'again' }, Date.now())).toMatchObject({
      ok: true,
    });
    expect((await stub.pendingTimers()).some((t) => t.subjectId === 'late')).toBe(false);
  });

  it('a manager releases and reassigns', async () => {
    const stub = regionWall(env, 'reg_east');
    await stub.publishTasks([newTask('handover')]);
    await stub.claimTask('handover', rep(4), Date.now());
    const manager: WallActor = { id: 'usr_manager_east', name: 'M', role: 'manager', cityId: null };
    expect(await stub.releaseTask('handover', manager, Date.now())).toMatchObject({
      ok: true,
      task: { status: 'open', claimedBy: null },
    });
    expect(await stub.reassignTask('handover', manager, rep(5), Date.now())).toMatchObject({
      ok: true,
      task: { status: 'claimed', claimedBy: 'usr_bench_5' },
    });
    expect(
      await stub.reassignTask('handover', manager, rep(51, 'city_hangzhou'), Date.now()),
    ).toMatchObject({ ok: false, code: 'wrong_city' });
  });
});

describe('timers', () => {
  it('fires a due timer once even when the alarm is delivered twice, then re-arms for the next', async () => {
    const stub = regionWall(env, 'reg_north');
    await stub.summary(Date.now(), 0);
    const anchor = Date.now() - 8 * 24 * HOUR;
    await stub.startTimer({
      kind: 'stale_deal',
      subjectId: 'deal_test',
      anchorAt: anchor,
      ownerId: 'usr_rep_north1',
      title: 'Gateway expansion',
    });
    // The same alarm delivered twice (and once more by the runtime): the step fires once.
    await runInDurableObject(stub, async (instance: RegionWall) => {
      await instance.alarm();
      await instance.alarm();
    });
    await runDurableObjectAlarm(stub);
    await flushed(stub);
    // The reminder goes out in the owner's one digest of the day, once.
    const { results: digests } = await env.DB.prepare(
      "SELECT body FROM notifications WHERE channel = 'inbox' AND kind = 'reminder.stale_deal.digest' AND recipient_id = 'usr_rep_north1'",
    ).all<{ body: string }>();
    expect(digests).toHaveLength(1);
    expect(
      digests[0]!.body.split('\n').filter((line) => line.includes('Gateway expansion')),
    ).toHaveLength(1);
    const timer = (await stub.pendingTimers()).find((t) => t.subjectId === 'deal_test');
    expect(timer).toMatchObject({ step: 1, dueAt: anchor + 14 * 24 * HOUR });
    const alarmAt = await runInDurableObject(stub, (_, state) => state.storage.getAlarm());
    expect(alarmAt).not.toBeNull();
  });

  it('reminds again when a deal goes stale again after new progress', async () => {
    const stub = regionWall(env, 'reg_north');
    const firstRun = Date.now() - 9 * 24 * HOUR;
    await stub.startTimer({
      kind: 'stale_deal',
      subjectId: 'deal_again',
      anchorAt: firstRun,
      ownerId: 'usr_rep_north1',
      title: 'Again',
    });
    await runInDurableObject(stub, (instance: RegionWall) => instance.alarm());
    // Starting it again with the same anchor is a retry: nothing new.
    await stub.startTimer({
      kind: 'stale_deal',
      subjectId: 'deal_again',
      anchorAt: firstRun,
      ownerId: 'usr_rep_north1',
      title: 'Again',
    });
    await runInDurableObject(stub, (instance: RegionWall) => instance.alarm());
    // Progress, then stale again: a new run with a new anchor reminds afresh.
    await stub.startTimer({
      kind: 'stale_deal',
      subjectId: 'deal_again',
      anchorAt: firstRun + HOUR,
      ownerId: 'usr_rep_north1',
      title: 'Again',
    });
    await runInDurableObject(stub, (instance: RegionWall) => instance.alarm());
    await flushed(stub);
    // Today's digest already went out: the deal waits, once, for tomorrow's, as of its new run.
    const waiting = await runInDurableObject(stub, (_, state) =>
      state.storage.sql
        .exec("SELECT due_at FROM digest_items WHERE subject_id = 'deal_again'")
        .toArray(),
    );
    expect(waiting).toEqual([{ due_at: firstRun + HOUR + 7 * 24 * HOUR }]);
    // The next day's alarm sends it.
    await runInDurableObject(stub, (_, state) =>
      state.storage.sql.exec(
        "UPDATE wall_meta SET value = CAST(value AS INTEGER) - 1 WHERE key = 'digest_day:usr_rep_north1'",
      ),
    );
    await runInDurableObject(stub, (instance: RegionWall) => instance.alarm());
    await flushed(stub);
    const { results } = await env.DB.prepare(
      "SELECT body FROM notifications WHERE channel = 'inbox' AND kind = 'reminder.stale_deal.digest' AND recipient_id = 'usr_rep_north1' ORDER BY created_at",
    ).all<{ body: string }>();
    expect(results).toHaveLength(2);
    expect(results[1]!.body).toMatch(/^Again · due since /);
  });

  it('escalates to the manager’s board and notifies the director and manager for a missed commitment', async () => {
    const stub = regionWall(env, 'reg_north');
    await stub.startTimer({
      kind: 'commitment',
      subjectId: 'visit_promise',
      anchorAt: Date.now() - 20 * 60_000,
      ownerId: 'usr_rep_north1',
      title: 'POC within 72 h',
    });
    await runDurableObjectAlarm(stub);
    await runDurableObjectAlarm(stub);
    await flushed(stub);
    const escalation = await env.DB.prepare(
      "SELECT kind, owner_id, subject_owner_id, status, title FROM escalations WHERE subject_id = 'visit_promise'",
    ).all();
    expect(escalation.results).toEqual([
      {
        kind: 'commitment_overdue',
        owner_id: 'usr_manager_north',
        subject_owner_id: 'usr_rep_north1',
        status: 'open',
        title: 'POC within 72 h',
      },
    ]);
    // The notifications link to the escalation's row on the board.
    const { results } = await env.DB.prepare(
      "SELECT n.recipient_id FROM notifications n JOIN escalations e ON n.subject_type = 'escalation' AND n.subject_id = e.id WHERE e.subject_id = 'visit_promise' ORDER BY n.recipient_id",
    ).all<{ recipient_id: string }>();
    expect(results.map((r) => r.recipient_id)).toEqual(['usr_director', 'usr_manager_north']);
  });

  it('a stopped timer never fires', async () => {
    const stub = regionWall(env, 'reg_north');
    await stub.startTimer({
      kind: 'lead_first_touch',
      subjectId: 'lead_quick',
      anchorAt: Date.now() - 25 * HOUR,
      ownerId: 'usr_rep_north1',
      title: 'Quick lead',
    });
    await stub.stopTimer('lead_first_touch', 'lead_quick');
    await runDurableObjectAlarm(stub);
    await flushed(stub);
    expect(
      await d1Count("SELECT count(*) AS n FROM escalations WHERE subject_id = 'lead_quick'"),
    ).toBe(0);
  });

  it('timers and claims survive eviction', async () => {
    const stub = regionWall(env, 'reg_west');
    await stub.publishTasks([newTask('survivor', 'city_urumqi')]);
    await stub.claimTask('survivor', rep(50, 'city_urumqi'), Date.now());
    await stub.startTimer({
      kind: 'stale_deal',
      subjectId: 'deal_keep',
      anchorAt: Date.now(),
      ownerId: null,
      title: 'Keep me',
    });
    await evictDurableObject(stub);
    expect(await stub.getTask('survivor')).toMatchObject({
      status: 'claimed',
      claimedBy: 'usr_bench_50',
    });
    expect((await stub.pendingTimers()).map((t) => t.subjectId)).toContain('deal_keep');
  });

  it('loads the timers its region’s open work implies when it first wakes', async () => {
    const stub = regionWall(env, 'reg_south');
    await stub.summary(Date.now(), 0);
    await runInDurableObject(stub, (instance: RegionWall) => instance.alarm());
    await flushed(stub);
    // Every open deal is watched: its stale-deal timer is pending, or its steps have already fired.
    const pending = new Set(
      (await stub.pendingTimers()).filter((t) => t.kind === 'stale_deal').map((t) => t.subjectId),
    );
    const { results } = await env.DB.prepare(
      "SELECT DISTINCT json_extract(payload, '$.subjectId') AS subject FROM wall_events WHERE region_id = 'reg_south' AND kind IN ('reminder', 'escalation')",
    ).all<{ subject: string }>();
    const fired = new Set(results.map((row) => row.subject));
    const openDeals = data.deals.filter(
      (d) => d.regionId === 'reg_south' && !['won', 'lost'].includes(d.stage),
    );
    expect(openDeals.length).toBeGreaterThan(0);
    expect(
      openDeals
        .filter((deal) => !pending.has(deal.id) && !fired.has(deal.id))
        .map((deal) => deal.id),
    ).toEqual([]);
  });
});

describe('the outbox', () => {
  it('holds later events behind a failing one, then sets it aside after 8 attempts so they reach D1', async () => {
    const stub = regionWall(env, 'reg_outbox_probe');
    await stub.listTasks({});
    const event = (eventId: string): WallEvent => ({
      eventId,
      kind: 'task.claimed',
      occurredAt: 0,
      actorId: 'usr_x',
      task: {
        id: 't',
        status: 'claimed',
        claimedBy: 'usr_x',
        claimedAt: 0,
        completedAt: null,
        evidence: null,
      },
    });
    const applied = await runInDurableObject(stub, async (_, state) => {
      const outbox = new Outbox(state.storage);
      state.storage.transactionSync(() => {
        outbox.enqueue(event('poison'));
        outbox.enqueue(event('behind'));
      });
      const applied: string[] = [];
      const apply = async (e: WallEvent) => {
        if (e.eventId === 'poison') throw new Error('D1 refused');
        applied.push(e.eventId);
      };
      for (let attempt = 1; attempt < 8; attempt++) await outbox.flush('reg_outbox_probe', apply);
      expect(applied).toEqual([]);
      expect(state.storage.sql.exec('SELECT attempts FROM outbox ORDER BY seq').toArray()).toEqual([
        { attempts: 7 },
        { attempts: 0 },
      ]);
      await outbox.flush('reg_outbox_probe', apply);
      return applied;
    });
    expect(applied).toEqual(['behind']);
    const dead = await runInDurableObject(stub, (_, state) =>
      state.storage.sql
        .exec<{ event: string; error: string }>('SELECT event, error FROM outbox_dead')
        .toArray(),
    );
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0]!.event).eventId).toBe('poison');
    expect(dead[0]!.error).toContain('D1 refused');
  });
});

describe('the D1 record', () => {
  it('is written exactly once even when D1 fails between the object’s write and the flush', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const stub = regionWall(env, 'reg_east');
    await stub.publishTasks([newTask('flaky')]);
    await env.DB.prepare(
      "INSERT INTO tasks (id, region_id, city_id, title, due_at, status, created_at) VALUES ('flaky', 'reg_east', 'city_shanghai', 'Flaky', ?, 'open', 0)",
    )
      .bind(Date.now() + HOUR)
      .run();
    await flushed(stub);
    // D1 goes away: the claim is stored in the object and its event waits in the outbox.
    await env.DB.prepare('ALTER TABLE wall_events RENAME TO wall_events_gone').run();
    const claim = await stub.claimTask('flaky', rep(8), Date.now());
    expect(claim.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(
      await runInDurableObject(
        stub,
        (_, state) => state.storage.sql.exec('SELECT count(*) AS n FROM outbox').one().n,
      ),
    ).toBe(1);
    await env.DB.prepare('ALTER TABLE wall_events_gone RENAME TO wall_events').run();
    // The alarm retries the flush; a second delivery finds nothing left to write.
    await runInDurableObject(stub, (_, state) =>
      state.storage.sql.exec('UPDATE outbox SET next_attempt_at = 0'),
    );
    await runDurableObjectAlarm(stub);
    await runDurableObjectAlarm(stub);
    await flushed(stub);
    expect(
      await d1Count(
        "SELECT count(*) AS n FROM wall_events WHERE task_id = 'flaky' AND kind = 'task.claimed'",
      ),
    ).toBe(1);
    expect(await env.DB.prepare("SELECT claimed_by FROM tasks WHERE id = 'flaky'").first()).toEqual(
      { claimed_by: 'usr_bench_8' },
    );
  });
});

describe('live sockets', () => {
  async function open(browser: Awaited<ReturnType<typeof signInAs>>, query = '') {
    const response = await exports.default.fetch(
      new Request(`http://fieldwall.test/wall/live${query}`, {
        headers: { upgrade: 'websocket', cookie: browser.cookie },
      }),
    );
    expect(response.status).toBe(101);
    const socket = response.webSocket!;
    socket.accept();
    const messages: unknown[] = [];
    socket.addEventListener('message', (event) => messages.push(JSON.parse(event.data as string)));
    return { socket, messages };
  }

  it('send a city’s events only to that city’s reps, and everything to the region’s manager', async () => {
    const shanghaiRep = await open(await signInAs('rep.east1@example.com'));
    const hangzhouRep = await open(await signInAs('rep.east2@example.com'));
    const manager = await open(await signInAs('manager.east@example.com'), '?region=reg_east');
    const stub = regionWall(env, 'reg_east');
    await stub.publishTasks([newTask('live-sh', 'city_shanghai')]);
    await stub.claimTask('live-sh', rep(9), Date.now());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(shanghaiRep.messages).toEqual([
      { type: 'published', cityId: 'city_shanghai' },
      { type: 'changed', cityId: 'city_shanghai' },
    ]);
    expect(hangzhouRep.messages).toEqual([]);
    expect(manager.messages).toHaveLength(2);
    for (const { socket } of [shanghaiRep, hangzhouRep, manager]) socket.close();
  });

  it('a dropped phone (close code 1006) is answered with a normal close, without an error', async () => {
    const phone = await open(await signInAs('rep.east1@example.com'));
    const closed = new Promise<number>((resolve) =>
      phone.socket.addEventListener('close', (event) => resolve(event.code)),
    );
    await runInDurableObject(regionWall(env, 'reg_east'), async (instance: RegionWall, state) => {
      const [server] = state.getWebSockets(cityTag('city_shanghai'));
      // 1006 and 1005 describe how a socket ended; sending either back used to throw.
      await expect(instance.webSocketClose(server!, 1006)).resolves.toBeUndefined();
    });
    expect(await closed).toBe(1000);
  });

  it('refuse a region outside the caller’s scope', async () => {
    const east = await signInAs('manager.east@example.com');
    const response = await exports.default.fetch(
      new Request('http://fieldwall.test/wall/live?region=reg_west', {
        headers: { upgrade: 'websocket', cookie: east.cookie },
      }),
    );
    expect(response.status).toBe(404);
  });
});
