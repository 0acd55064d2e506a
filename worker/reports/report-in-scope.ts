/** Opening one daily report for a reader: the page, the CSV and the API share this. */
import type { Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { regionsInScope } from '../platform/access/scope';
import { regions } from '../platform/db/schema';
import { notFound } from '../platform/http/errors';
import { readDailyReport } from './daily-report';
import { shiftDay } from './report-rules';

/** A real calendar day `YYYY-MM-DD` (not 2026-02-30), else null. */
export function calendarDay(text: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && shiftDay(text, 0) === text ? text : null;
}

/** The report of a region's day the reader may see, or 404 (out of scope, unknown, not built). */
export async function reportInScope(c: Context<AppEnv>, regionId: string, day: string | null) {
  if (!day) throw notFound();
  const report = await readDailyReport(
    c.var.db,
    regionId,
    day,
    regionsInScope(currentUser(c), 'tasks', regions.id),
  );
  if (!report?.computedAt) throw notFound();
  return report;
}
