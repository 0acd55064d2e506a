/**
 * Builds a region's nightly report from indexed range reads (no full scans), stores the HTML in
 * R2 and the figures in D1; delivery puts it in the inbox of the region's managers and the
 * directors (docs/rules.md#nightly-report). Both steps are idempotent: the report row is keyed by (region, day) and each inbox
 * notification by a dedupe key, so a redelivered message changes nothing.
 */
import { and, count, eq, gte, inArray, isNull, like, lt, or, sql, sum } from 'drizzle-orm';
import { routedCopies } from '../worker/notifications/routing';
import { ofLiveCustomer } from '../worker/customers/live';
import { html } from 'hono/html';
import { openDatabase, type Database } from '../worker/platform/db/client';
import {
  cities,
  contracts,
  leads,
  notifications,
  regions,
  reports,
  tasks,
  users,
  visits,
} from '../worker/platform/db/schema';
import { translator } from '../worker/platform/i18n';
import { keyedMessage } from '../worker/notifications/message';
import { localDayRange } from '../worker/platform/time/zones';
import { aciPercent } from '../worker/visits/aci';
import { NightlyReportDocument, type NightlyReportFigures } from '../views/reports/nightly-report';

const DAY = 86_400_000;

/** Which report a step is about: a region's local day (`YYYY-MM-DD`). */
export type ReportDay = { regionId: string; day: string };

export function reportFileKey(regionId: string, day: string): string {
  return `reports/${regionId}/nightly-${day}.html`;
}

async function reportFigures(
  db: Database,
  regionId: string,
  start: number,
  end: number,
): Promise<NightlyReportFigures> {
  const allMusts = and(
    eq(visits.aciNextFollowUp, true),
    eq(visits.aciEvidence, true),
    eq(visits.aciStage, true),
  );
  const [visitsByCity, newLeads, untouchedLeads, overdueTasks, expiringContracts] = await db.batch([
    db
      .select({
        cityId: visits.cityId,
        visits: count(),
        consistent: sum(sql<number>`case when ${allMusts} then 1 else 0 end`),
      })
      .from(visits)
      .where(
        and(eq(visits.regionId, regionId), gte(visits.visitedAt, start), lt(visits.visitedAt, end)),
      )
      .groupBy(visits.cityId),
    db
      .select({ n: count() })
      .from(leads)
      .where(
        and(eq(leads.regionId, regionId), gte(leads.createdAt, start), lt(leads.createdAt, end)),
      ),
    db
      .select({ n: count() })
      .from(leads)
      .where(
        and(
          eq(leads.regionId, regionId),
          isNull(leads.firstTouchAt),
          lt(leads.firstTouchDeadline, end),
          inArray(leads.status, ['new']),
          ofLiveCustomer(leads.customerId),
        ),
      ),
    db
      .select({ n: count() })
      .from(tasks)
      .where(
        and(
          eq(tasks.regionId, regionId),
          inArray(tasks.status, ['open', 'claimed']),
          lt(tasks.dueAt, end),
        ),
      ),
    db
      .select({ n: count() })
      .from(contracts)
      .where(
        and(
          eq(contracts.regionId, regionId),
          isNull(contracts.archivedAt),
          ofLiveCustomer(contracts.customerId),
          gte(contracts.endAt, end),
          lt(contracts.endAt, end + 30 * DAY),
        ),
      ),
  ]);
  // The region's totals are the sum of its cities' (one read of the day's visits, not two).
  const visitCount = visitsByCity.reduce((total, row) => total + row.visits, 0);
  const consistent = visitsByCity.reduce((total, row) => total + Number(row.consistent ?? 0), 0);
  return {
    visits: visitCount,
    aci: aciPercent(visitCount, consistent),
    newLeads: newLeads[0]?.n ?? 0,
    untouchedLeads: untouchedLeads[0]?.n ?? 0,
    overdueTasks: overdueTasks[0]?.n ?? 0,
    expiringContracts: expiringContracts[0]?.n ?? 0,
    byCity: visitsByCity.map((row) => ({
      cityId: row.cityId,
      visits: row.visits,
      aci: aciPercent(row.visits, Number(row.consistent ?? 0)),
    })),
  };
}

export async function buildNightlyReport(env: Env, message: ReportDay): Promise<void> {
  const db = openDatabase(env.DB);
  const [regionRows, cityRows] = await db.batch([
    db.select().from(regions).where(eq(regions.id, message.regionId)).limit(1),
    db.select().from(cities).where(eq(cities.regionId, message.regionId)),
  ]);
  const region = regionRows[0];
  if (!region) return; // The region was removed since the cron ran: nothing to report.
  const { start, end } = localDayRange(message.day, region.timeZone);
  const figures = await reportFigures(db, region.id, start, end);
  const fileKey = reportFileKey(region.id, message.day);
  const document = html`<!doctype html>${(
      <NightlyReportDocument
        t={translator('en')}
        tZh={translator('zh-CN')}
        region={region}
        cities={cityRows}
        day={message.day}
        figures={figures}
      />
    )}`;
  await env.FILES.put(fileKey, await document.toString(), {
    httpMetadata: { contentType: 'text/html; charset=utf-8' },
  });
  const { byCity: _byCity, ...summary } = figures;
  const now = Date.now();
  await db
    .insert(reports)
    .values({
      id: crypto.randomUUID(),
      regionId: region.id,
      kind: 'nightly',
      periodDay: message.day,
      fileKey,
      summary,
      status: 'ready',
      createdAt: now,
    })
    .onConflictDoUpdate({
      target: [reports.regionId, reports.kind, reports.periodDay],
      // A rebuild refreshes the figures but never un-delivers a report.
      set: {
        fileKey,
        summary,
        status: sql`case when ${reports.status} = 'delivered' then 'delivered' else 'ready' end`,
      },
    });
}

/** Creates the inbox notifications for a built report; returns their ids for delivery. */
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
    aci: figures.aci ?? 0,
    leads: figures.newLeads ?? 0,
    overdue: figures.overdueTasks ?? 0,
  };
  const rows = recipients.map((recipient) => ({
    id: crypto.randomUUID(),
    recipientId: recipient.id,
    channel: 'inbox' as const,
    kind: 'report.ready',
    subjectType: 'report',
    subjectId: report.id,
    ...keyedMessage(recipient.locale ?? 'en', 'notification.reportReady.title', params, {
      bodyKey: 'notification.reportReady.body',
    }),
    status: 'pending' as const,
    dedupeKey: `report:${report.id}:${recipient.id}`,
    dueAt: now,
    createdAt: now,
  }));
  await db.batch([
    db
      .update(reports)
      .set({ status: 'delivered', deliveredAt: now })
      .where(and(eq(reports.id, report.id), isNull(reports.deliveredAt))),
    ...rows.map((row) =>
      db.insert(notifications).values(row).onConflictDoNothing({ target: notifications.dedupeKey }),
    ),
    ...rows.map((row) => routedCopies(db, { ...row, now })),
  ]);
  // The inbox notifications and their outbound copies (`<key>:<route>`), all still to send.
  const stored = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        like(notifications.dedupeKey, `report:${report.id}:%`),
        eq(notifications.status, 'pending'),
      ),
    );
  return stored.map((row) => row.id);
}
