import { describe, expect, it } from 'vitest';
import {
  dueSteps,
  evidenceProblems,
  stepActions,
  stepDueAt,
} from '../../durable-objects/region-wall/escalation-rules';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('escalation timing', () => {
  it('escalates an untouched lead to the manager 24 h after assignment', () => {
    expect(stepDueAt('lead_first_touch', 0, 0)).toBe(24 * HOUR);
    expect(stepActions('lead_first_touch', 0)).toEqual([
      { type: 'escalate', kind: 'lead_first_touch', notify: ['manager'] },
    ]);
    expect(stepDueAt('lead_first_touch', 1, 0)).toBeNull();
  });

  it('reminds a stale deal’s owner at 7 days and puts it on the manager’s board at 14', () => {
    expect([stepDueAt('stale_deal', 0, 0), stepDueAt('stale_deal', 1, 0)]).toEqual([
      7 * DAY,
      14 * DAY,
    ]);
    expect(stepActions('stale_deal', 0)).toEqual([{ type: 'remind_owner' }]);
    expect(stepActions('stale_deal', 1)[0]).toMatchObject({
      kind: 'stale_deal',
      notify: ['manager'],
    });
  });

  it('notifies the director and the manager 15 minutes after a commitment is due', () => {
    expect(stepDueAt('commitment', 0, 1000)).toBe(1000 + 15 * MINUTE);
    expect(stepActions('commitment', 0)).toEqual([
      { type: 'escalate', kind: 'commitment_overdue', notify: ['director', 'manager'] },
    ]);
  });

  it('reminds the rep when a task falls due and the manager a day later', () => {
    expect([stepDueAt('task_overdue', 0, 0), stepDueAt('task_overdue', 1, 0)]).toEqual([
      0,
      24 * HOUR,
    ]);
  });

  it('catches up on every step that came due while asleep, in order', () => {
    expect(dueSteps('stale_deal', 0, 0, 20 * DAY)).toEqual({
      steps: [0, 1],
      nextStep: null,
      nextDueAt: null,
    });
    expect(dueSteps('stale_deal', 0, 0, 8 * DAY)).toEqual({
      steps: [0],
      nextStep: 1,
      nextDueAt: 14 * DAY,
    });
    expect(dueSteps('stale_deal', 1, 0, 8 * DAY)).toEqual({
      steps: [],
      nextStep: 1,
      nextDueAt: 14 * DAY,
    });
  });
});

describe('task completion evidence', () => {
  const all = { photo: true, position: true, note: true };
  it('asks for what the template requires', () => {
    expect(evidenceProblems(all, {}, false)).toEqual(['photo', 'position', 'note']);
    expect(evidenceProblems(all, { photoKey: 'p', lat: 1, lng: 2, note: 'ok' }, false)).toEqual([]);
    expect(evidenceProblems({ photo: false, position: false, note: false }, {}, false)).toEqual([]);
  });

  it('needs a lag reason when late, and text for "other"', () => {
    const none = { photo: false, position: false, note: false };
    expect(evidenceProblems(none, {}, true)).toEqual(['lagReason']);
    expect(evidenceProblems(none, { lagReason: 'site_closed' }, true)).toEqual([]);
    expect(evidenceProblems(none, { lagReason: 'other' }, true)).toEqual(['lagNote']);
    expect(
      evidenceProblems(none, { lagReason: 'other', lagNote: 'road closed by flood' }, true),
    ).toEqual([]);
  });
});
