/**
 * Who takes over a leaver's open work, pure: an active rep or manager of the leaver's region
 * (the people who may own customers, leads, deals and escalations there), not the leaver. The
 * region's manager is offered first.
 */
import type { Role } from '../platform/db/schema';
import type { ReassignTarget } from '../customers/reassign-rules';

export const SUCCESSOR_ROLES = ['manager', 'rep'] as const satisfies readonly Role[];

/** A leaver or a candidate successor: the same user fields a reassignment's target has. */
export type Person = ReassignTarget;

/** What a leaver still holds, by kind; each must reach zero once the hand-over is done. */
export type OpenWork = {
  customers: number;
  leads: number;
  deals: number;
  contracts: number;
  orders: number;
  tasks: number;
  escalations: number;
};

export function hasOpenWork(work: OpenWork): boolean {
  return Object.values(work).some((count) => count > 0);
}

function maySucceed(leaver: Person, candidate: Person): boolean {
  return (
    candidate.id !== leaver.id &&
    candidate.active &&
    leaver.regionId !== null &&
    candidate.regionId === leaver.regionId &&
    (SUCCESSOR_ROLES as readonly Role[]).includes(candidate.role)
  );
}

/** The candidates in offer order: managers first (the default), then reps, each by name. */
export function successorChoices(leaver: Person, people: readonly Person[]): Person[] {
  return people
    .filter((person) => maySucceed(leaver, person))
    .sort(
      (a, b) =>
        SUCCESSOR_ROLES.indexOf(a.role as (typeof SUCCESSOR_ROLES)[number]) -
          SUCCESSOR_ROLES.indexOf(b.role as (typeof SUCCESSOR_ROLES)[number]) ||
        a.name.localeCompare(b.name),
    );
}

export type HandOverRefusal = 'successor_required' | 'successor_unsuitable';

/**
 * Why the hand-over cannot go ahead: work left and no one chosen, or someone chosen who is not
 * among the choices (`successor` is the chosen id's match in `successorChoices`, or null).
 */
export function handOverRefusal(
  work: OpenWork,
  successorId: string | null,
  successor: Person | null,
): HandOverRefusal | null {
  if (successorId) return successor ? null : 'successor_unsuitable';
  return hasOpenWork(work) ? 'successor_required' : null;
}
