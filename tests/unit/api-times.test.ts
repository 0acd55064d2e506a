import { describe, expect, it } from 'vitest';
import { isoWithOffset, timesAsIso } from '../../worker/platform/http/api-times';

describe('API times', () => {
  it('are ISO 8601 with the region’s offset, to the millisecond', () => {
    const at = Date.UTC(2026, 10, 30, 2, 0, 0, 250);
    expect(isoWithOffset(at, 'Asia/Shanghai')).toBe('2026-11-30T10:00:00.250+08:00');
    expect(isoWithOffset(at, 'Asia/Urumqi')).toBe('2026-11-30T08:00:00.250+06:00');
    expect(isoWithOffset(at, 'America/St_Johns')).toBe('2026-11-29T22:30:00.250-03:30');
    expect(new Date(isoWithOffset(at, 'Asia/Shanghai')).getTime()).toBe(at);
  });

  it('rewrite every numeric …At field at any depth, and nothing else', () => {
    const at = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect(
      timesAsIso(
        {
          id: 'cus_1',
          createdAt: at,
          closedAt: null,
          amountCents: 120,
          items: [{ dueAt: at, title: 'Visit', repeat: 3 }],
          cursor: { at: 5, id: 'x' },
        },
        'Asia/Shanghai',
      ),
    ).toEqual({
      id: 'cus_1',
      createdAt: '2026-01-02T11:04:05.000+08:00',
      closedAt: null,
      amountCents: 120,
      items: [{ dueAt: '2026-01-02T11:04:05.000+08:00', title: 'Visit', repeat: 3 }],
      cursor: { at: 5, id: 'x' },
    });
  });
});
