import { describe, expect, it } from 'vitest';
import {
  decodeTimelineCursor,
  encodeTimelineCursor,
  mergeTimeline,
  newestFirst,
  type TimelineCursor,
} from '../../worker/customers/timeline-page';

const entry = (at: number, key: string) => ({ at, key });

/** What a source reads after `cursor`, newest first, at most `limit` (as the SQL does). */
function read(source: TimelineCursor[], cursor: TimelineCursor | null, limit: number) {
  return [...source]
    .sort(newestFirst)
    .filter((e) => !cursor || newestFirst(cursor, e) < 0)
    .slice(0, limit);
}

describe('customer timeline paging', () => {
  it('merges sources newest first, ties broken by key, and cuts one page', () => {
    const page = mergeTimeline(
      [
        [entry(50, 'visit:b'), entry(10, 'visit:a')],
        [entry(50, 'message:z'), entry(40, 'message:y')],
        [entry(60, 'audit:q')],
      ],
      3,
    );
    expect(page.items.map((e) => e.key)).toEqual(['audit:q', 'visit:b', 'message:z']);
    expect(page.nextCursor).toBe('50.message:z');
  });

  it('has no next page when everything fits', () => {
    expect(mergeTimeline([[entry(1, 'visit:a')], []], 3)).toEqual({
      items: [entry(1, 'visit:a')],
      nextCursor: null,
    });
  });

  it('walks every entry exactly once across pages, even with equal times', () => {
    const sources: TimelineCursor[][] = [
      [1, 2, 3, 3, 3, 7, 9].map((at, i) => entry(at, `visit:v${i}`)),
      [3, 3, 5, 9].map((at, i) => entry(at, `message:m${i}`)),
      [3, 8].map((at, i) => entry(at, `stage:s${i}`)),
      [],
    ];
    const seen: string[] = [];
    let cursor: TimelineCursor | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const page = mergeTimeline(
        sources.map((source) => read(source, cursor, 4)),
        3,
      );
      seen.push(...page.items.map((e) => e.key));
      if (!page.nextCursor) break;
      cursor = decodeTimelineCursor(page.nextCursor);
    }
    const expected = sources
      .flat()
      .sort(newestFirst)
      .map((e) => e.key);
    expect(seen).toEqual(expected);
    expect(seen).toHaveLength(13);
  });

  it('round-trips the cursor and refuses a tampered one', () => {
    const cursor = { at: 1_700_000_000_000, key: 'lead_touch:lt_0001-x' };
    expect(decodeTimelineCursor(encodeTimelineCursor(cursor))).toEqual(cursor);
    for (const bad of ['garbage', '1.x', '12.visit', '12.VISIT:a', "12.visit:a'--", '1.x:'])
      expect(decodeTimelineCursor(bad)).toBeNull();
  });
});
