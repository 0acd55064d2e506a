/**
 * What a claim, release, reassignment or completion does to a wall task, free of storage: each
 * rule takes the task as it stands and returns the changed task with the event to record, or a
 * refusal. The object applies the change and its event in one storage transaction.
 * docs/rules.md#tasks
 */
import {
  evidenceProblems,
  type EvidenceProblem,
  type EvidenceRequirement,
  type TaskEvidence,
} from './escalation-rules';

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

export type NewWallTask = Pick<
  WallTask,
  'id' | 'cityId' | 'title' | 'description' | 'dueAt' | 'evidenceRequired'
> &
  // A task made for one rep (a revisit after delivery) arrives already claimed by them.
  Partial<
    Pick<WallTask, 'titleZh' | 'descriptionZh' | 'claimedBy' | 'claimedByName' | 'claimedAt'>
  >;
export type WallActor = { id: string; name: string; role: string; cityId: string | null };

/** A leaver's claimed task goes to their successor only if the successor can hold it: a rep of its city. */
export function successorTakesTask(successor: WallActor, taskCityId: string): boolean {
  return successor.role === 'rep' && successor.cityId === taskCityId;
}

export type WallRefusal =
  | { ok: false; code: 'not_found' | 'not_claimable' | 'not_yours' | 'wrong_city'; task?: WallTask }
  | { ok: false; code: 'already_claimed'; task: WallTask; claimedBy: { id: string; name: string } }
  | { ok: false; code: 'evidence_missing'; task: WallTask; missing: EvidenceProblem[] };

/** What callers of the object get back. */
export type WallResult = { ok: true; task: WallTask } | WallRefusal;

export type TaskEventKind =
  'task.claimed' | 'task.released' | 'task.reassigned' | 'task.completed' | 'task.cancelled';
export type TaskChangeEvent = { kind: TaskEventKind; actorId: string; occurredAt: number };

/** A rule's verdict: the task after the action and its event (null: a retry that changes nothing). */
export type WallChange = { ok: true; task: WallTask; event: TaskChangeEvent | null } | WallRefusal;

const changed = (
  task: WallTask,
  patch: Partial<WallTask>,
  kind: TaskEventKind,
  actor: WallActor,
  now: number,
): WallChange => ({
  ok: true,
  task: { ...task, ...patch },
  event: { kind, actorId: actor.id, occurredAt: now },
});

/** A rep of the task's city takes an open task; exactly one of two racing claims wins. */
export function claim(task: WallTask | null, actor: WallActor, now: number): WallChange {
  if (!task) return { ok: false, code: 'not_found' };
  if (actor.cityId !== task.cityId) return { ok: false, code: 'wrong_city', task };
  if (task.status === 'claimed' && task.claimedBy) {
    // Claiming what you already hold is a retry, not a conflict.
    if (task.claimedBy === actor.id) return { ok: true, task, event: null };
    return {
      ok: false,
      code: 'already_claimed',
      task,
      claimedBy: { id: task.claimedBy, name: task.claimedByName ?? '' },
    };
  }
  if (task.status !== 'open') return { ok: false, code: 'not_claimable', task };
  return changed(
    task,
    { status: 'claimed', claimedBy: actor.id, claimedByName: actor.name, claimedAt: now },
    'task.claimed',
    actor,
    now,
  );
}

/** A manager puts a claimed task back on the wall. */
export function release(task: WallTask | null, actor: WallActor, now: number): WallChange {
  if (!task) return { ok: false, code: 'not_found' };
  if (task.status !== 'claimed') return { ok: false, code: 'not_claimable', task };
  return changed(
    task,
    { status: 'open', claimedBy: null, claimedByName: null, claimedAt: null },
    'task.released',
    actor,
    now,
  );
}

/** Work that lost its reason (a revisit of an archived order) leaves the wall; finished work stays. */
export function cancel(task: WallTask | null, actor: WallActor, now: number): WallChange {
  if (!task) return { ok: false, code: 'not_found' };
  if (task.status === 'cancelled') return { ok: true, task, event: null };
  if (task.status === 'done') return { ok: false, code: 'not_claimable', task };
  return changed(task, { status: 'cancelled' }, 'task.cancelled', actor, now);
}

/** A manager gives a task (open or claimed) to a rep of its city. */
export function reassign(
  task: WallTask | null,
  actor: WallActor,
  to: WallActor,
  now: number,
): WallChange {
  if (!task) return { ok: false, code: 'not_found' };
  if (task.status !== 'open' && task.status !== 'claimed')
    return { ok: false, code: 'not_claimable', task };
  if (to.cityId !== task.cityId) return { ok: false, code: 'wrong_city', task };
  return changed(
    task,
    { status: 'claimed', claimedBy: to.id, claimedByName: to.name, claimedAt: now },
    'task.reassigned',
    actor,
    now,
  );
}

/** Completion by the rep holding the task, with the evidence its template asks for (and a lag reason when late). */
export function complete(
  task: WallTask | null,
  actor: WallActor,
  evidence: TaskEvidence,
  now: number,
): WallChange {
  if (!task) return { ok: false, code: 'not_found' };
  if (task.status === 'done')
    return task.claimedBy === actor.id
      ? { ok: true, task, event: null }
      : { ok: false, code: 'not_claimable', task };
  if (task.status !== 'claimed' || task.claimedBy !== actor.id)
    return { ok: false, code: 'not_yours', task };
  const missing = evidenceProblems(task.evidenceRequired, evidence, now > task.dueAt);
  if (missing.length > 0) return { ok: false, code: 'evidence_missing', task, missing };
  return changed(
    task,
    { status: 'done', completedAt: now, evidence },
    'task.completed',
    actor,
    now,
  );
}
