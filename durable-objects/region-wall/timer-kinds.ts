/**
 * Every escalation timer kind in one table: its steps, what its subject is, how its reminder is
 * titled. The wall's rules, its alert plan and its D1 events all read this table, so a new kind
 * is one row here. docs/rules.md#escalation-timers
 */
import type { ESCALATION_KINDS } from '../../worker/platform/db/schema';
import type { MessageKey } from '../../worker/platform/i18n';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type EscalationKind = (typeof ESCALATION_KINDS)[number];

export type TimerAction =
  | { type: 'remind_owner' }
  | { type: 'escalate'; kind: EscalationKind; notify: ('manager' | 'director')[] };

export type TimerStep = { after: number; actions: TimerAction[] };

export type TimerKind = 'lead_first_touch' | 'stale_deal' | 'commitment' | 'task_overdue';

/**
 * A commitment timer's title, which its escalation and notifications carry: whose promise it is,
 * so the director's inbox tells "Acme Ltd · Wang Wei: POC within 72 h" from the next POC.
 */
export function commitmentTitle(
  customerName: string | null,
  repName: string | null,
  text: string,
): string {
  const whose = [customerName, repName].filter(Boolean).join(' · ');
  return whose ? `${whose}: ${text}` : text;
}

type TimerKindSpec = {
  /** Each step is due at the timer's anchor + `after`. */
  steps: TimerStep[];
  /** What the timer's subject id names (the link of its reminders and board rows). */
  subjectType: 'lead' | 'deal' | 'visit' | 'task';
  reminderTitle: MessageKey;
};

export const TIMER_KINDS: Record<TimerKind, TimerKindSpec> = {
  // 24 h after assignment, the region manager.
  lead_first_touch: {
    steps: [
      {
        after: 24 * HOUR,
        actions: [{ type: 'escalate', kind: 'lead_first_touch', notify: ['manager'] }],
      },
    ],
    subjectType: 'lead',
    reminderTitle: 'reminder.lead_first_touch',
  },
  // 7 days without progress, remind the owner; 14 days, the manager's board.
  stale_deal: {
    steps: [
      { after: 7 * DAY, actions: [{ type: 'remind_owner' }] },
      { after: 14 * DAY, actions: [{ type: 'escalate', kind: 'stale_deal', notify: ['manager'] }] },
    ],
    subjectType: 'deal',
    reminderTitle: 'reminder.stale_deal',
  },
  // 15 minutes past the promised time, the director and the manager.
  commitment: {
    steps: [
      {
        after: 15 * MINUTE,
        actions: [
          { type: 'escalate', kind: 'commitment_overdue', notify: ['director', 'manager'] },
        ],
      },
    ],
    subjectType: 'visit',
    reminderTitle: 'reminder.commitment',
  },
  // At the due time, the rep holding the task; 24 h later, the manager.
  task_overdue: {
    steps: [
      { after: 0, actions: [{ type: 'remind_owner' }] },
      {
        after: 24 * HOUR,
        actions: [{ type: 'escalate', kind: 'task_overdue', notify: ['manager'] }],
      },
    ],
    subjectType: 'task',
    reminderTitle: 'reminder.task_overdue',
  },
};
