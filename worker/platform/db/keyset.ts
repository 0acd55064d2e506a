/**
 * Keyset paging on (a time column, id): the cursor `"<time>.<id>"` names the last row of the
 * page before, so the next page starts right after it however rows are added meanwhile.
 */
import { and, eq, gt, lt, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';

export const keysetCursor = z.string().regex(/^-?\d{1,15}\.[\w-]{1,64}$/, 'Unknown cursor.');
export const pageLimit = (size: number) => z.coerce.number().int().min(1).max(100).default(size);

/** The rows after `cursor` in the order (`time`, `id`) ascending or descending. */
export function afterCursor(
  cursor: string | undefined,
  time: SQLiteColumn,
  id: SQLiteColumn,
  order: 'asc' | 'desc',
): SQL | undefined {
  if (!cursor) return undefined;
  const dot = cursor.indexOf('.');
  const at = Number(cursor.slice(0, dot));
  const lastId = cursor.slice(dot + 1);
  const beyond = order === 'asc' ? gt : lt;
  return or(beyond(time, at), and(eq(time, at), beyond(id, lastId)));
}

/** A page of `limit` rows from `limit + 1` read, with the cursor of the next page if any. */
export function pageOf<Row extends { id: string }>(
  rows: Row[],
  limit: number,
  timeOf: (row: Row) => number,
) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? `${timeOf(last)}.${last.id}` : null,
  };
}
