import { describe, expect, it } from 'vitest';
import {
  claim,
  complete,
  reassign,
  release,
  type WallActor,
  type WallTask,
} from '../../durable-objects/region-wall/wall-rules';

const HOUR = 3_600_000;
const NOW = 1_800_000_000_000;

const task = (patch: Partial<WallTask> = {}): WallTask => ({
  id: 'task_1',
  cityId: 'city_shanghai',
  title: 'Shelf check',
  description: null,
  titleZh: null,
  descriptionZh: null,
  dueAt: NOW + HOUR,
  status: 'open',
  claimedBy: null,
  claimedByName: null,
  claimedAt: null,
  completedAt: null,
  evidenceRequired: { photo: false, position: false, note: true },
  evidence: null,
  ...patch,
});
const mei: WallActor = { id: 'usr_mei', name: 'Mei', role: 'rep', cityId: 'city_shanghai' };
const tom: WallActor = { id: 'usr_tom', name: 'Tom', role: 'rep', cityId: 'city_shanghai' };
const suzhouRep: WallActor = { id: 'usr_li', name: 'Li', role: 'rep', cityId: 'city_suzhou' };
const manager: WallActor = { id: 'usr_boss', name: 'Boss', role: 'manager', cityId: null };
const heldByMei = task({
  status: 'claimed',
  claimedBy: 'usr_mei',
  claimedByName: 'Mei',
  claimedAt: NOW - HOUR,
});

describe('claim', () => {
  it('gives an open task to a rep of its city, with the event to record', () => {
    expect(claim(task(), mei, NOW)).toEqual({
      ok: true,
      task: {
        ...task(),
        status: 'claimed',
        claimedBy: 'usr_mei',
        claimedByName: 'Mei',
        claimedAt: NOW,
      },
      event: { kind: 'task.claimed', actorId: 'usr_mei', occurredAt: NOW },
    });
  });

  it('tells the loser who holds the task', () => {
    expect(claim(heldByMei, tom, NOW)).toEqual({
      ok: false,
      code: 'already_claimed',
      task: heldByMei,
      claimedBy: { id: 'usr_mei', name: 'Mei' },
    });
  });

  it('treats a claim by the holder as a retry that records nothing', () => {
    expect(claim(heldByMei, mei, NOW)).toEqual({ ok: true, task: heldByMei, event: null });
  });

  it('refuses a rep of another city, a finished task and a missing one', () => {
    expect(claim(task(), suzhouRep, NOW)).toMatchObject({ ok: false, code: 'wrong_city' });
    expect(claim(task({ status: 'done' }), mei, NOW)).toMatchObject({
      ok: false,
      code: 'not_claimable',
    });
    expect(claim(null, mei, NOW)).toEqual({ ok: false, code: 'not_found' });
  });
});

describe('release', () => {
  it('puts a claimed task back on the wall, recorded as the manager’s', () => {
    const released = release(heldByMei, manager, NOW);
    expect(released).toMatchObject({
      ok: true,
      task: { status: 'open', claimedBy: null, claimedByName: null, claimedAt: null },
      event: { kind: 'task.released', actorId: 'usr_boss' },
    });
  });

  it('refuses an open task', () => {
    expect(release(task(), manager, NOW)).toMatchObject({ ok: false, code: 'not_claimable' });
  });
});

describe('reassign', () => {
  it('gives an open or claimed task to a rep of its city', () => {
    expect(reassign(heldByMei, manager, tom, NOW)).toMatchObject({
      ok: true,
      task: { status: 'claimed', claimedBy: 'usr_tom', claimedByName: 'Tom', claimedAt: NOW },
      event: { kind: 'task.reassigned', actorId: 'usr_boss' },
    });
    expect(reassign(task(), manager, tom, NOW)).toMatchObject({
      ok: true,
      task: { claimedBy: 'usr_tom' },
    });
  });

  it('refuses a rep of another city and a finished task', () => {
    expect(reassign(task(), manager, suzhouRep, NOW)).toMatchObject({
      ok: false,
      code: 'wrong_city',
    });
    expect(reassign(task({ status: 'done' }), manager, tom, NOW)).toMatchObject({
      ok: false,
      code: 'not_claimable',
    });
  });
});

describe('complete', () => {
  it('finishes the holder’s task with the evidence it asks for', () => {
    const done = complete(heldByMei, mei, { note: 'Shelf full' }, NOW);
    expect(done).toMatchObject({
      ok: true,
      task: { status: 'done', completedAt: NOW, evidence: { note: 'Shelf full' } },
      event: { kind: 'task.completed', actorId: 'usr_mei' },
    });
  });

  it('names the missing evidence, and asks for a lag reason when late', () => {
    expect(complete(heldByMei, mei, {}, NOW)).toMatchObject({
      ok: false,
      code: 'evidence_missing',
      missing: ['note'],
    });
    expect(complete(heldByMei, mei, { note: 'Done' }, NOW + 2 * HOUR)).toMatchObject({
      ok: false,
      code: 'evidence_missing',
      missing: ['lagReason'],
    });
  });

  it('refuses someone else’s task, and treats a second completion by the holder as a retry', () => {
    expect(complete(heldByMei, tom, { note: 'x' }, NOW)).toMatchObject({
      ok: false,
      code: 'not_yours',
    });
    const finished = task({ status: 'done', claimedBy: 'usr_mei', completedAt: NOW });
    expect(complete(finished, mei, { note: 'x' }, NOW)).toEqual({
      ok: true,
      task: finished,
      event: null,
    });
    expect(complete(finished, tom, { note: 'x' }, NOW)).toMatchObject({
      ok: false,
      code: 'not_claimable',
    });
  });
});
