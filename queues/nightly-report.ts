/**
 * A region's daily report (docs/rules.md#daily-report): built after the region's local midnight
 * from the day's rollups (computed first if the rollup job has not run yet), delivered at 08:00
 * local time to the region's managers and the directors, in-app and through their channels, with
 * a link. Both steps are idempotent: the report row is keyed by (region, day) and each
 * notification by a dedupe key, so a redelivered message changes nothing.
 */
import { and, eq, isNull, like, or, sql } from 'drizzle-orm';
import { inboxAndRoutes } from '../worker/notifications/routing';
import { openDatabase } from '../worker/platform/db/client';
import { notifications, regions, reports, users } from '../worker/platform/db/schema';
import { keyedMessage } from '../worker/notifications/message';
import { hasRollups, readDailyReport, type DailyReport } from '../worker/reports/daily-report';
import { computeRollups } from '../worker/reports/rollups';

/** Which report a step is about: a region's local day (`YYYY-MM-DD`). */
export type ReportDay = { regionId: string; day: string };

export function reportPath(regionId: string, day: string): string {
  return `/reports/${encodeURIComponent(regionId)}/${day}`;
}

/** The headline figures kept on the report row, for the archive and the notification. */
function headline(report: DailyReport): Record<string, number> {
  const { totals } = report;
  const figures = {
    visits: totals.visits.value,
    verifiedPercent: totals.verifiedPercent.value,
    newLeads: totals.newLeads.value,
    medianFirstResponseMinutes: totals.medianFirstResponseMinutes.value,
    tasksDone: totals.tasksDone.value,
    overdueTasks: totals.tasksOverdue.value,
    dealsMoved: totals.dealsMoved.value,
    aci: totals.aciPercent.value,
    expiringContracts: totals.contractsExpiring.value,
  };
  return Object.fromEntries(
    Object.entries(figures).filter((entry): entry is [string, number] => entry[1] !== null),
  );
}

export async function buildNightlyReport(env: Env, message: ReportDay): Promise<void> {
  const db = openDatabase(env.DB);
  if (!(await hasRollups(db, message.regionId, message.day)))
    await computeRollups(env.DB, message.regionId, [message.day], Date.now());
  const report = await readDailyReport(db, message.regionId, message.day);
  if (!report) return; // The region was removed since the cron ran: nothing to report.
  const summary = headline(report);
  await db
    .insert(reports)
    .values({
      id: crypto.randomUUID(),
      regionId: report.region.id,
      kind: 'nightly',
      periodDay: message.day,
      summary,
      status: 'ready',
      createdAt: Date.now(),
    })
    .onConflictDoUpdate({
      target: [reports.regionId, reports.kind, reports.periodDay],
      // A rebuild refreshes the figures but never un-delivers a report.
      set: {
        summary,
        status: sql`case when ${reports.status} = 'delivered' then 'delivered' else 'ready' end`,
      },
    });
}

/** Puts the built report in the inboxes (and channels) of its readers; returns the outbound copies to send. */
export async function deliverNightlyReport(env: Env, message: ReportDay): Promise<string[]> {
  const db = openDatabase(env.DB);
  const [reportRows, regionRows, recipients] = await db.batch([
    db
      .select()
      .from(reports)
      .where(
        and(
          eq(reports.regionId, message.regionId),
          eq(reports.kind, 'nightly'),
          eq(reports.periodDay, message.day),
        ),
      )
      .limit(1),
    db.select().from(regions).where(eq(regions.id, message.regionId)).limit(1),
    db
      .select({ id: users.id, locale: users.locale })
      .from(users)
      .where(
        and(
          eq(users.active, true),
          or(
            and(eq(users.role, 'manager'), eq(users.regionId, message.regionId)),
            eq(users.role, 'director'),
          ),
        ),
      ),
  ]);
  const report = reportRows[0];
  const region = regionRows[0];
  // Not built yet (the build failed or is still queued): retry later rather than send nothing.
  if (!report || !region || !report.summary)
    throw new Error(`nightly report ${message.regionId}/${message.day} is not built yet`);
  const now = Date.now();
  const figures = report.summary;
  const params = {
    region: { en: region.name, 'zh-CN': region.nameZh },
    day: message.day,
    visits: figures.visits ?? 0,
    aci: figures.aci ?? 100,
    leads: figures.newLeads ?? 0,
    overdue: figures.overdueTasks ?? 0,
    link: reportPath(region.id, message.day),
  };
  const dedupePrefix = `report:${report.id}:`;
  await db.batch([
    db
      .update(reports)
      .set({ status: 'delivered', deliveredAt: now })
      .where(and(eq(reports.id, report.id), isNull(reports.deliveredAt))),
    ...recipients.flatMap((recipient) =>
      inboxAndRoutes(db, {
        recipientId: recipient.id,
        kind: 'report.ready',
        subjectType: 'report',
        subjectId: report.id,
        ...keyedMessage(recipient.locale ?? 'en', 'notification.reportReady.title', params, {
          bodyKey: 'notification.reportReady.body',
        }),
        dedupeKey: `${dedupePrefix}${recipient.id}`,
        now,
      }),
    ),
  ]);
  // The outbound copies (`<key>:<route>`), still to send; the inbox ones are visible already.
  const stored = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(like(notifications.dedupeKey, `${dedupePrefix}%`), eq(notifications.status, 'pending')),
    );
  return stored.map((row) => row.id);
}
