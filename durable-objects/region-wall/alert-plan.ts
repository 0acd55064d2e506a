/**
 * What a run of due timer steps tells people, free of I/O. Two rules keep a region's first wake-up
 * (or an object asleep for days) from flooding inboxes:
 *
 * - Stale-deal reminders are never sent one by one: they wait as digest items, and each rep gets
 *   at most one digest a day naming every deal in it.
 * - When one run opens several escalations of a kind, they all go on the board, but each recipient
 *   gets one message about them, not one per escalation.
 *
 * Every event carries the time its step really became due (`dueAt`), not the time it was noticed.
 * docs/rules.md#escalation-timers
 */
import type { WallEvent } from './wall-events';
import { stepActions, stepDueAt } from './escalation-rules';
import { TIMER_KINDS, type EscalationKind, type TimerKind } from './timer-kinds';

const DAY = 86_400_000;

export type FiredTimer = {
  id: string;
  kind: TimerKind;
  subjectId: string;
  anchorAt: number;
  ownerId: string | null;
  title: string;
  titleZh?: string | null;
};
export type DigestItem = {
  key: string;
  ownerId: string;
  subjectId: string;
  title: string;
  dueAt: number;
};

/** The events and digest items of the steps that fired in one run (each timer with its steps). */
export function planAlerts(
  fired: { timer: FiredTimer; steps: number[] }[],
  now: number,
): { events: WallEvent[]; digestItems: DigestItem[] } {
  const events: WallEvent[] = [];
  const digestItems: DigestItem[] = [];
  const escalationsByKind = new Map<EscalationKind, Extract<WallEvent, { kind: 'escalation' }>[]>();
  for (const { timer, steps } of fired) {
    for (const step of steps) {
      const dueAt = stepDueAt(timer.kind, step, timer.anchorAt)!;
      // The anchor is part of the id: a timer restarted by new progress escalates afresh, while
      // the same step of the same run is recorded once however often it fires.
      const eventId = `${timer.id}@${timer.anchorAt}:${step}`;
      const base = {
        eventId,
        occurredAt: now,
        dueAt,
        subjectType: TIMER_KINDS[timer.kind].subjectType,
        subjectId: timer.subjectId,
        ownerId: timer.ownerId,
        title: timer.title,
        titleZh: timer.titleZh ?? null,
      };
      for (const action of stepActions(timer.kind, step)) {
        if (action.type === 'remind_owner') {
          if (!timer.ownerId) continue;
          // Keyed by deal: a deal stale again before the digest went out is named once, as of now.
          if (timer.kind === 'stale_deal')
            digestItems.push({
              key: timer.id,
              ownerId: timer.ownerId,
              subjectId: timer.subjectId,
              title: timer.title,
              dueAt,
            });
          else events.push({ ...base, kind: 'reminder', reminder: timer.kind });
        } else {
          const escalation = {
            ...base,
            eventId: `${eventId}:escalation`,
            kind: 'escalation' as const,
            escalation: action.kind,
            notify: action.notify,
          };
          escalationsByKind.set(action.kind, [
            ...(escalationsByKind.get(action.kind) ?? []),
            escalation,
          ]);
        }
      }
    }
  }
  for (const [kind, opened] of escalationsByKind) {
    if (opened.length === 1) {
      events.push(opened[0]!);
      continue;
    }
    // Board rows for each; one message per recipient for all of them.
    events.push(...opened.map((e) => ({ ...e, notify: [] })));
    events.push({
      eventId: `${opened[0]!.eventId}:digest`,
      kind: 'escalation_digest',
      occurredAt: now,
      escalation: kind,
      count: opened.length,
      notify: opened[0]!.notify,
    });
  }
  return { events, digestItems };
}

/** The digest day of a moment (UTC days: 08:00 in China, before the working day starts). */
export function digestDay(at: number): number {
  return Math.floor(at / DAY);
}

export function nextDigestDayStart(at: number): number {
  return (digestDay(at) + 1) * DAY;
}

/**
 * One digest per rep and day: the owners whose waiting items may go out now, with their items.
 * (The caller records the day sent in the same transaction as the digest's event.)
 */
export function dueDigests(
  items: DigestItem[],
  lastSentDay: (ownerId: string) => number | null,
  now: number,
): { ownerId: string; eventId: string; items: DigestItem[] }[] {
  const today = digestDay(now);
  const byOwner = new Map<string, DigestItem[]>();
  for (const item of items) byOwner.set(item.ownerId, [...(byOwner.get(item.ownerId) ?? []), item]);
  return [...byOwner]
    .filter(([ownerId]) => lastSentDay(ownerId) !== today)
    .map(([ownerId, owned]) => ({
      ownerId,
      eventId: `digest:stale_deal:${ownerId}@${now}`,
      items: [...owned].sort((a, b) => a.dueAt - b.dueAt),
    }));
}
