/**
 * What a rep's phone pages read. Each page is one D1 batch, which also carries the header's unread
 * count when the session came from the isolate's cache: a rep page costs one round trip.
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import { aliased } from '../platform/db/aliased';
import type { Database } from '../platform/db/client';
import {
  contracts,
  customers,
  escalations,
  leads,
  notifications,
  tasks,
} from '../platform/db/schema';
import { storedHealthBand, type HealthBand } from '../customers/health';
import { localDay, localDayRange } from '../platform/time/zones';
import { inboxNotificationColumns, unreadInboxOf } from '../notifications/inbox';
import { ofLiveCustomer } from '../customers/live';

const DAY = 86_400_000;
export const EXPIRY_WINDOW_DAYS = 30;

export type RepContext = { userId: string; timeZone: string; now: number };

export function repContextFor(
  user: { id: string; timeZone: string },
  now = Date.now(),
): RepContext {
  return { userId: user.id, timeZone: user.timeZone, now };
}

/** End of the rep's local day: "today" includes everything due before it, overdue first. */
export function endOfLocalDay(now: number, timeZone: string): number {
  return localDayRange(localDay(now, timeZone), timeZone).end;
}

/** A live customer's follow-up due before `before`: Today's list, the morning digest and nudges. */
export const followUpDueBefore = (before: number) =>
  and(
    eq(customers.dormant, false),
    isNull(customers.archivedAt),
    lt(customers.nextFollowUpAt, before),
  );
/** A claimed wall task due before `before`, whoever holds it. */
export const claimedTaskDueBefore = (before: number) =>
  and(eq(tasks.status, 'claimed'), lt(tasks.dueAt, before));
const dueFollowUps = (rep: RepContext, dayEnd: number) =>
  and(eq(customers.ownerId, rep.userId), followUpDueBefore(dayEnd));
const dueClaimedTasks = (rep: RepContext, dayEnd: number) =>
  and(eq(tasks.claimedBy, rep.userId), claimedTaskDueBefore(dayEnd));
const expiringContracts = (rep: RepContext) =>
  and(
    eq(contracts.ownerId, rep.userId),
    isNull(contracts.archivedAt),
    ofLiveCustomer(contracts.customerId),
    gte(contracts.endAt, rep.now),
    lte(contracts.endAt, rep.now + EXPIRY_WINDOW_DAYS * DAY),
  );
const untouchedLeads = (rep: RepContext) =>
  and(
    eq(leads.assigneeId, rep.userId),
    eq(leads.status, 'new'),
    isNull(leads.firstTouchAt),
    ofLiveCustomer(leads.customerId),
  );
const unreadInbox = (rep: RepContext) => unreadInboxOf(rep.userId);
const openEscalations = (rep: RepContext) =>
  and(eq(escalations.ownerId, rep.userId), inArray(escalations.status, ['open', 'acknowledged']));

export async function repHomeCounts(db: Database, rep: RepContext) {
  const dayEnd = endOfLocalDay(rep.now, rep.timeZone);
  const [followUps, claimed, expiring, newLeads, unread, escalated] = await db.batch([
    db.select({ n: count() }).from(customers).where(dueFollowUps(rep, dayEnd)),
    db.select({ n: count() }).from(tasks).where(dueClaimedTasks(rep, dayEnd)),
    db.select({ n: count() }).from(contracts).where(expiringContracts(rep)),
    db.select({ n: count() }).from(leads).where(untouchedLeads(rep)),
    db.select({ n: count() }).from(notifications).where(unreadInbox(rep)),
    db.select({ n: count() }).from(escalations).where(openEscalations(rep)),
  ]);
  const n = (rows: { n: number }[]) => rows[0]?.n ?? 0;
  return {
    today: n(followUps) + n(claimed),
    expiringContracts: n(expiring),
    urgent: n(newLeads) + n(unread) + n(escalated),
  };
}

export type TodayItem = {
  dueAt: number;
  customerId: string;
  customerName: string;
  phone: string | null;
  healthScore: number | null;
  healthBand: HealthBand | 'unknown';
};

/** Follow-ups due today or overdue, oldest first (wall tasks come from the region's object). */
export async function repToday(db: Database, rep: RepContext): Promise<TodayItem[]> {
  const dayEnd = endOfLocalDay(rep.now, rep.timeZone);
  // A batch of one, so the header's unread count can ride along (platform/db/ride-along.ts).
  const [followUps] = await db.batch([
    db
      .select({
        id: customers.id,
        name: customers.name,
        phone: customers.phone,
        healthScore: customers.healthScore,
        dueAt: customers.nextFollowUpAt,
      })
      .from(customers)
      .where(dueFollowUps(rep, dayEnd))
      .orderBy(asc(customers.nextFollowUpAt))
      .limit(200),
  ]);
  return followUps.map((c) => ({
    dueAt: c.dueAt ?? rep.now,
    customerId: c.id,
    customerName: c.name,
    phone: c.phone,
    healthScore: c.healthScore,
    healthBand: storedHealthBand(c.healthScore),
  }));
}

export async function repExpiringContracts(db: Database, rep: RepContext) {
  // A batch of one, so the header's unread count can ride along (platform/db/ride-along.ts).
  const [rows] = await db.batch([
    db
      .select({
        id: contracts.id,
        number: contracts.number,
        endAt: contracts.endAt,
        amountCents: contracts.amountCents,
        customerId: aliased(customers.id, 'customer_id'),
        customerName: aliased(customers.name, 'customer_name'),
        renewalTerms: contracts.renewalTerms,
      })
      .from(contracts)
      .innerJoin(customers, eq(customers.id, contracts.customerId))
      .where(expiringContracts(rep))
      .orderBy(asc(contracts.endAt))
      .limit(200),
  ]);
  return rows;
}

export async function repInbox(db: Database, rep: RepContext) {
  const [leadRows, notificationRows, escalationRows] = await db.batch([
    db
      .select({
        id: leads.id,
        name: leads.name,
        company: leads.company,
        phone: leads.phone,
        message: leads.message,
        priority: leads.priority,
        channel: leads.channel,
        assignedAt: leads.assignedAt,
        firstTouchDeadline: leads.firstTouchDeadline,
        createdAt: leads.createdAt,
      })
      .from(leads)
      .where(untouchedLeads(rep))
      // High priority first, then the deadline that runs out soonest.
      .orderBy(sql`${leads.priority} = 'high' desc`, asc(leads.firstTouchDeadline))
      .limit(100),
    db
      .select(inboxNotificationColumns)
      .from(notifications)
      .where(unreadInbox(rep))
      .orderBy(desc(notifications.createdAt))
      .limit(50),
    db
      .select()
      .from(escalations)
      .where(openEscalations(rep))
      .orderBy(asc(escalations.openedAt))
      .limit(50),
  ]);
  return { leads: leadRows, notifications: notificationRows, escalations: escalationRows };
}
