/**
 * The customer's one timeline: visits, chat messages, the leads that became (or joined) the
 * customer and their touches, deal stage changes, the customer's answers to feedback links
 * (worker/follow-up), and every audited change of the sales book
 * (customer, contacts, deals, contracts, orders, payments). One query per source, each limited
 * to a page past the cursor, all in the caller's batch; `timeline-page.ts` merges them.
 */
import { and, desc, eq, isNotNull, isNull, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Database } from '../platform/db/client';
import {
  auditLog,
  customerMessages,
  deals,
  dealStageHistory,
  feedbackRequests,
  leads,
  leadTouches,
  users,
  visits,
} from '../platform/db/schema';
import { aliased } from '../platform/db/aliased';
import { mayReadAny, type Resource, type Viewer } from '../platform/access/policy';
import { mergeTimeline, TIMELINE_PAGE_SIZE, type TimelineCursor } from './timeline-page';

const NOTHING = sql`0 = 1`;

/** Audit subjects and the records they belong to: an entry shows only to whoever may list those. */
const AUDIT_SUBJECT_RESOURCE: Record<string, Resource> = {
  deal: 'deals',
  contract: 'contracts',
  order: 'orders',
  payment: 'orders',
  lead: 'leads',
  visit: 'visits',
};

/** Audit actions another source already shows (the stage history carries the visit and who). */
const SHOWN_ELSEWHERE = ['deal.stage_changed'];

/** Rows after the cursor in "newest first, then key" order; `prefix` makes the key unique across sources. */
function after(cursor: TimelineCursor | null, at: SQLiteColumn, id: SQLiteColumn, prefix: string) {
  if (!cursor) return undefined;
  return or(lt(at, cursor.at), and(eq(at, cursor.at), sql`${prefix} || ${id} < ${cursor.key}`));
}

const unless = (shown: boolean): SQL | undefined => (shown ? undefined : NOTHING);

/** The per-source queries of one page, for the caller's batch (each limited to a page and one). */
export function timelineQueries(
  db: Database,
  viewer: Viewer,
  customerId: string,
  cursor: TimelineCursor | null,
) {
  const shows = (resource: Resource) => mayReadAny(viewer, resource);
  const limit = TIMELINE_PAGE_SIZE + 1;
  const hiddenSubjects = Object.entries(AUDIT_SUBJECT_RESOURCE)
    .filter(([, resource]) => !shows(resource))
    .map(([subject]) => subject);
  return [
    db
      .select({
        id: visits.id,
        visitedAt: visits.visitedAt,
        summary: visits.summary,
        checkInStatus: visits.checkInStatus,
        checkInDistanceM: visits.checkInDistanceM,
        photoKey: visits.photoKey,
        stageReached: visits.stageReached,
        commitmentText: visits.commitmentText,
        commitmentDueAt: visits.commitmentDueAt,
        repName: aliased(users.name, 'rep_name'),
      })
      .from(visits)
      .innerJoin(users, eq(users.id, visits.repId))
      .where(
        and(
          eq(visits.customerId, customerId),
          unless(shows('visits')),
          after(cursor, visits.visitedAt, visits.id, 'visit:'),
        ),
      )
      .orderBy(desc(visits.visitedAt), desc(visits.id))
      .limit(limit),
    db
      .select({
        id: customerMessages.id,
        receivedAt: customerMessages.receivedAt,
        channel: customerMessages.channel,
        sender: customerMessages.sender,
        text: customerMessages.text,
      })
      .from(customerMessages)
      .where(
        and(
          eq(customerMessages.customerId, customerId),
          unless(shows('visits')),
          after(cursor, customerMessages.receivedAt, customerMessages.id, 'message:'),
        ),
      )
      .orderBy(desc(customerMessages.receivedAt), desc(customerMessages.id))
      .limit(limit),
    db
      .select({
        id: leads.id,
        createdAt: leads.createdAt,
        channel: leads.channel,
        name: leads.name,
        company: leads.company,
        assigneeName: aliased(users.name, 'assignee_name'),
      })
      .from(leads)
      .leftJoin(users, eq(users.id, leads.assigneeId))
      .where(
        and(
          eq(leads.customerId, customerId),
          unless(shows('leads')),
          after(cursor, leads.createdAt, leads.id, 'lead:'),
        ),
      )
      .orderBy(desc(leads.createdAt), desc(leads.id))
      .limit(limit),
    db
      .select({
        id: leadTouches.id,
        leadId: leadTouches.leadId,
        occurredAt: leadTouches.occurredAt,
        channel: leadTouches.channel,
        message: leadTouches.message,
        leadName: aliased(leads.name, 'lead_name'),
      })
      .from(leadTouches)
      .innerJoin(leads, eq(leads.id, leadTouches.leadId))
      .where(
        and(
          eq(leads.customerId, customerId),
          unless(shows('leads')),
          after(cursor, leadTouches.occurredAt, leadTouches.id, 'lead_touch:'),
        ),
      )
      .orderBy(desc(leadTouches.occurredAt), desc(leadTouches.id))
      .limit(limit),
    db
      .select({
        id: dealStageHistory.id,
        changedAt: dealStageHistory.changedAt,
        fromStage: dealStageHistory.fromStage,
        toStage: dealStageHistory.toStage,
        dealId: dealStageHistory.dealId,
        dealName: aliased(deals.name, 'deal_name'),
        who: aliased(users.name, 'changed_by_name'),
      })
      .from(dealStageHistory)
      .innerJoin(deals, eq(deals.id, dealStageHistory.dealId))
      .leftJoin(users, eq(users.id, dealStageHistory.changedBy))
      .where(
        and(
          eq(deals.customerId, customerId),
          isNull(deals.archivedAt),
          unless(shows('deals')),
          after(cursor, dealStageHistory.changedAt, dealStageHistory.id, 'stage:'),
        ),
      )
      .orderBy(desc(dealStageHistory.changedAt), desc(dealStageHistory.id))
      .limit(limit),
    db
      .select({
        id: auditLog.id,
        createdAt: auditLog.createdAt,
        action: auditLog.action,
        subjectType: auditLog.subjectType,
        subjectId: auditLog.subjectId,
        detail: auditLog.detail,
        who: aliased(users.name, 'actor_name'),
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(
        and(
          eq(auditLog.customerId, customerId),
          notInArray(auditLog.action, SHOWN_ELSEWHERE),
          hiddenSubjects.length > 0
            ? or(isNull(auditLog.subjectType), notInArray(auditLog.subjectType, hiddenSubjects))
            : undefined,
          after(cursor, auditLog.createdAt, auditLog.id, 'audit:'),
        ),
      )
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(limit),
    db
      .select({
        id: feedbackRequests.id,
        answeredAt: sql<number>`${feedbackRequests.answeredAt}`,
        recipientName: feedbackRequests.recipientName,
        satisfaction: feedbackRequests.satisfaction,
        wantsCall: feedbackRequests.wantsCall,
        comment: feedbackRequests.comment,
      })
      .from(feedbackRequests)
      .where(
        and(
          eq(feedbackRequests.customerId, customerId),
          isNotNull(feedbackRequests.answeredAt),
          unless(shows('visits')),
          after(cursor, feedbackRequests.answeredAt, feedbackRequests.id, 'feedback:'),
        ),
      )
      .orderBy(desc(feedbackRequests.answeredAt), desc(feedbackRequests.id))
      .limit(limit),
  ] as const;
}

type Rows<Index extends number> = Awaited<ReturnType<typeof timelineQueries>[Index]>;

/** The results of `timelineQueries`, in its order. */
export type TimelineRows = [Rows<0>, Rows<1>, Rows<2>, Rows<3>, Rows<4>, Rows<5>, Rows<6>];

/** One page of the timeline from the sources' rows: entries tagged by kind, newest first. */
export function timelinePage([
  visitRows,
  messageRows,
  leadRows,
  touchRows,
  stageRows,
  auditRows,
  feedbackRows,
]: TimelineRows) {
  return mergeTimeline<TimelineEntry>([
    visitRows.map((visit) => ({ ...tag('visit', visit.visitedAt, visit.id), visit })),
    messageRows.map((message) => ({ ...tag('message', message.receivedAt, message.id), message })),
    leadRows.map((lead) => ({ ...tag('lead', lead.createdAt, lead.id), lead })),
    touchRows.map((touch) => ({ ...tag('lead_touch', touch.occurredAt, touch.id), touch })),
    stageRows.map((change) => ({ ...tag('stage', change.changedAt, change.id), change })),
    auditRows.map((entry) => ({ ...tag('audit', entry.createdAt, entry.id), entry })),
    feedbackRows.map((feedback) => ({
      ...tag('feedback', feedback.answeredAt, feedback.id),
      feedback,
    })),
  ]);
}

/** An entry's kind, when it happened, and a key unique across sources (the cursor's `<kind>:<id>`). */
const tag = <Kind extends TimelineEntry['kind']>(kind: Kind, at: number, id: string) => ({
  kind,
  at,
  key: `${kind}:${id}`,
});

export type TimelineEntry =
  | { kind: 'visit'; at: number; key: string; visit: Rows<0>[number] }
  | { kind: 'message'; at: number; key: string; message: Rows<1>[number] }
  | { kind: 'lead'; at: number; key: string; lead: Rows<2>[number] }
  | { kind: 'lead_touch'; at: number; key: string; touch: Rows<3>[number] }
  | { kind: 'stage'; at: number; key: string; change: Rows<4>[number] }
  | { kind: 'audit'; at: number; key: string; entry: Rows<5>[number] }
  | { kind: 'feedback'; at: number; key: string; feedback: Rows<6>[number] };

export type TimelinePage = ReturnType<typeof timelinePage>;
