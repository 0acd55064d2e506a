/**
 * Escalation timing and task evidence, free of I/O. A timer walks through the steps of its kind
 * (timer-kinds.ts); each step fires at a time derived from the timer's anchor and says what to do.
 * docs/rules.md#escalation-timers, docs/rules.md#tasks
 */
import { TIMER_KINDS, type TimerAction, type TimerKind } from './timer-kinds';

/** When step `step` of a timer anchored at `anchorAt` is due, or null when the timer is finished. */
export function stepDueAt(kind: TimerKind, step: number, anchorAt: number): number | null {
  const next = TIMER_KINDS[kind].steps[step];
  return next ? anchorAt + next.after : null;
}

export function stepActions(kind: TimerKind, step: number): TimerAction[] {
  return TIMER_KINDS[kind].steps[step]?.actions ?? [];
}

/**
 * The steps a timer owes at `now`: every step already due, in order (an object asleep through
 * several steps catches up on all of them), and the step to wait for next.
 */
export function dueSteps(
  kind: TimerKind,
  fromStep: number,
  anchorAt: number,
  now: number,
): { steps: number[]; nextStep: number | null; nextDueAt: number | null } {
  const steps: number[] = [];
  let step = fromStep;
  for (
    let due = stepDueAt(kind, step, anchorAt);
    due !== null && due <= now;
    due = stepDueAt(kind, step, anchorAt)
  ) {
    steps.push(step);
    step += 1;
  }
  const nextDueAt = stepDueAt(kind, step, anchorAt);
  return { steps, nextStep: nextDueAt === null ? null : step, nextDueAt };
}

/** Reasons a rep may give for finishing a task late. */
export const LAG_REASONS = [
  'customer_unavailable',
  'site_closed',
  'stock_shortage',
  'waiting_internal_approval',
  'other',
] as const;
export type LagReason = (typeof LAG_REASONS)[number];

export type EvidenceRequirement = { photo: boolean; position: boolean; note: boolean };
export type TaskEvidence = {
  photoKey?: string | null;
  lat?: number | null;
  lng?: number | null;
  note?: string | null;
  lagReason?: LagReason | null;
  lagNote?: string | null;
};
export type EvidenceProblem = 'photo' | 'position' | 'note' | 'lagReason' | 'lagNote';

/** What is missing for a completion: the template's evidence, and a lag reason when late. */
export function evidenceProblems(
  required: EvidenceRequirement,
  evidence: TaskEvidence,
  overdue: boolean,
): EvidenceProblem[] {
  const problems: EvidenceProblem[] = [];
  if (required.photo && !evidence.photoKey) problems.push('photo');
  if (required.position && (evidence.lat == null || evidence.lng == null))
    problems.push('position');
  if (required.note && !evidence.note?.trim()) problems.push('note');
  if (overdue && !evidence.lagReason) problems.push('lagReason');
  if (evidence.lagReason === 'other' && !evidence.lagNote?.trim()) problems.push('lagNote');
  return problems;
}
