/**
 * The customer timeline's paging, pure: each source (visits, messages, leads, stage changes,
 * audit entries) reads at most a page past the cursor, newest first; the merge keeps the newest
 * page of all of them and says where the next page starts. Entries are ordered by time, then by
 * a key unique across sources (`<kind>:<id>`), so equal times never skip or repeat an entry.
 */
export const TIMELINE_PAGE_SIZE = 10;

export type TimelineCursor = { at: number; key: string };

export function encodeTimelineCursor(cursor: TimelineCursor): string {
  return `${cursor.at}.${cursor.key}`;
}

export function decodeTimelineCursor(text: string): TimelineCursor | null {
  const match = /^(\d{1,15})\.([a-z_]{1,20}:[\w-]{1,80})$/.exec(text);
  return match ? { at: Number(match[1]), key: match[2]! } : null;
}

/** Newest first; at the same instant, the larger key first (the order every source reads in). */
export function newestFirst(a: TimelineCursor, b: TimelineCursor): number {
  if (a.at !== b.at) return b.at - a.at;
  return a.key < b.key ? 1 : a.key > b.key ? -1 : 0;
}

/**
 * One page of the merged sources. Each source holds up to `pageSize + 1` entries after the
 * cursor, so the newest `pageSize` of the union are the true next page, and anything left over
 * means there is another.
 */
export function mergeTimeline<Entry extends TimelineCursor>(
  sources: readonly (readonly Entry[])[],
  pageSize = TIMELINE_PAGE_SIZE,
): { items: Entry[]; nextCursor: string | null } {
  const all = sources.flat().sort(newestFirst);
  const items = all.slice(0, pageSize);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: all.length > pageSize && last ? encodeTimelineCursor(last) : null,
  };
}
