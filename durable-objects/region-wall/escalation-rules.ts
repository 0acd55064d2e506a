/**
 * Escalation timing (brief, "Rules with numbers"), free of I/O. A timer walks through steps;
 * each step fires at a time derived from the timer's anchor and says what to do.
 *
 * - lead first touch: 24 h after assignment, escalate to the region manager.
 * - stale deal: 7 days without progress, remind the owner; 14 days, the manager's board.
 * - commitment: 15 minutes past the promised time, notify the director and the manager.
 * - overdue task: at the due time, remind the rep who claimed it; 24 h later, the manager.
 */
import type { ESCALATION_KINDS } from '../../worker/platform/db/schema';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const TIMER_KINDS = ['lead_first_touch', 'stale_deal', 'commitment', 'task_overdue'] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];
export type EscalationKind = (typeof ESCALATION_KINDS)[number];

export type TimerAction =
  | { type: 'remind_owner' }
  | { type: 'escalate'; kind: EscalationKind; notify: ('manager' | 'director')[] };

type Step = { after: number; actions: TimerAction[] };

export const TIMER_STEPS: Record<TimerKind, Step[]> = {
  lead_first_touch: [{ after: 24 * HOUR, actions: [{ type: 'escalate', kind: 'lead_first_touch', notify: ['manager'] }] }],
  stale_deal: [
    { after: 7 * DAY, actions: [{ type: 'remind_owner' }] },
    { after: 14 * DAY, actions: [{ type: 'escalate', kind: 'stale_deal', notify: ['manager'] }] },
  ],
  commitment: [{ after: 15 * MINUTE, actions: [{ type: 'escalate', kind: 'commitment_overdue', notify: ['director', 'manager'] }] }],
  task_overdue: [
    { after: 0, actions: [{ type: 'remind_owner' }] },
    { after: 24 * HOUR, actions: [{ type: 'escalate', kind: 'task_overdue', notify: ['manager'] }] },
  ],
};

/** When step `step` of a timer anchored at `anchorAt` is due, or null when the timer is finished. */
export function stepDueAt(kind: TimerKind, step: number, anchorAt: number): number | null {
  const next = TIMER_STEPS[kind][step];
  return next ? anchorAt + next.after : null;
}

export function stepActions(kind: TimerKind, step: number): TimerAction[] {
  return TIMER_STEPS[kind][step]?.actions ?? [];
}

/**
 * The steps a timer owes at `now`: every step already due, in order (an object asleep through
 * several steps catches up on all of them), and the step to wait for next.
 */
export function dueSteps(kind: TimerKind, fromStep: number, anchorAt: number, now: number): { steps: number[]; nextStep: number | null; nextDueAt: number | null } {
  const steps: number[] = [];
  let step = fromStep;
  for (let due = stepDueAt(kind, step, anchorAt); due !== null && due <= now; due = stepDueAt(kind, step, anchorAt)) {
    steps.push(step);
    step += 1;
  }
  const nextDueAt = stepDueAt(kind, step, anchorAt);
  return { steps, nextStep: nextDueAt === null ? null : step, nextDueAt };
}

/** Reasons a rep may give for finishing a task late. */
export const LAG_REASONS = ['customer_unavailable', 'site_closed', 'stock_shortage', 'waiting_internal_approval', 'other'] as const;
export type LagReason = (typeof LAG_REASONS)[number];

export type EvidenceRequirement = { photo: boolean; position: boolean; note: boolean };
export type TaskEvidence = { photoKey?: string | null; lat?: number | null; lng?: number | null; note?: string | null; lagReason?: LagReason | null; lagNote?: string | null };
export type EvidenceProblem = 'photo' | 'position' | 'note' | 'lagReason' | 'lagNote';

/** What is missing for a completion: the template's evidence, and a lag reason when late. */
export function evidenceProblems(required: EvidenceRequirement, evidence: TaskEvidence, overdue: boolean): EvidenceProblem[] {
  const problems: EvidenceProblem[] = [];
  if (required.photo && !evidence.photoKey) problems.push('photo');
  if (required.position && (evidence.lat == null || evidence.lng == null)) problems.push('position');
  if (required.note && !evidence.note?.trim()) problems.push('note');
  if (overdue && !evidence.lagReason) problems.push('lagReason');
  if (evidence.lagReason === 'other' && !evidence.lagNote?.trim()) problems.push('lagNote');
  return problems;
}
