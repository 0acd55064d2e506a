import { describe, expect, it } from 'vitest';
import {
  digestDay,
  dueDigests,
  planAlerts,
  type FiredTimer,
} from '../../durable-objects/region-wall/alert-plan';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 23, 9);
const staleTimer = (n: number, ownerId = 'rep_a'): FiredTimer => ({
  id: `stale_deal:deal_${n}`,
  kind: 'stale_deal',
  subjectId: `deal_${n}`,
  anchorAt: now - (20 + n) * DAY,
  ownerId,
  title: `Deal ${n}`,
});

describe('planAlerts', () => {
  it('holds stale-deal reminders for the digest, due from the last progress + 7 days', () => {
    const { events, digestItems } = planAlerts([{ timer: staleTimer(1), steps: [0] }], now);
    expect(events).toEqual([]);
    expect(digestItems).toEqual([
      {
        key: 'stale_deal:deal_1',
        ownerId: 'rep_a',
        subjectId: 'deal_1',
        title: 'Deal 1',
        dueAt: now - 14 * DAY,
      },
    ]);
  });

  it('a single escalation is announced on its own, with its real due time', () => {
    const { events } = planAlerts([{ timer: staleTimer(1), steps: [1] }], now);
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'escalation',
        escalation: 'stale_deal',
        notify: ['manager'],
        dueAt: now - 7 * DAY,
        occurredAt: now,
      }),
    ]);
  });

  it('many escalations of a kind at once: all on the board, one announcement', () => {
    const fired = Array.from({ length: 180 }, (_, n) => ({ timer: staleTimer(n), steps: [0, 1] }));
    const { events, digestItems } = planAlerts(fired, now);
    expect(digestItems).toHaveLength(180);
    const escalations = events.filter((e) => e.kind === 'escalation');
    expect(escalations).toHaveLength(180);
    expect(escalations.every((e) => e.kind === 'escalation' && e.notify.length === 0)).toBe(true);
    expect(events.filter((e) => e.kind === 'escalation_digest')).toEqual([
      expect.objectContaining({ escalation: 'stale_deal', count: 180, notify: ['manager'] }),
    ]);
  });

  it('other reminders still go out one by one', () => {
    const lead: FiredTimer = {
      id: 'task_overdue:t1',
      kind: 'task_overdue',
      subjectId: 't1',
      anchorAt: now - 1000,
      ownerId: 'rep_a',
      title: 'Poster',
    };
    expect(planAlerts([{ timer: lead, steps: [0] }], now).events).toEqual([
      expect.objectContaining({
        kind: 'reminder',
        reminder: 'task_overdue',
        subjectId: 't1',
        dueAt: now - 1000,
      }),
    ]);
  });
});

describe('dueDigests', () => {
  const items = [
    { key: 'a1', ownerId: 'rep_a', subjectId: 'd1', title: 'D1', dueAt: now - DAY },
    { key: 'a2', ownerId: 'rep_a', subjectId: 'd2', title: 'D2', dueAt: now - 3 * DAY },
    { key: 'b1', ownerId: 'rep_b', subjectId: 'd3', title: 'D3', dueAt: now - DAY },
  ];

  it('one digest per rep, oldest first', () => {
    const digests = dueDigests(items, () => null, now);
    expect(digests.map((d) => [d.ownerId, d.eventId, d.items.map((i) => i.subjectId)])).toEqual([
      ['rep_a', `digest:stale_deal:rep_a@${now}`, ['d2', 'd1']],
      ['rep_b', `digest:stale_deal:rep_b@${now}`, ['d3']],
    ]);
  });

  it('a rep who had today’s digest waits for tomorrow', () => {
    expect(
      dueDigests(
        items,
        (owner) => (owner === 'rep_a' ? digestDay(now) : digestDay(now) - 1),
        now,
      ).map((d) => d.ownerId),
    ).toEqual(['rep_b']);
  });
});
