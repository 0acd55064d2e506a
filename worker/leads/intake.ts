/**
 * Turns a normalised inbound delivery into Fieldwall's records: a message on a known customer's
 * timeline, a new lead (assigned, notified, its 24-hour clock started), or a touch merged into
 * the same person's lead from the last 7 days (docs/rules.md#lead-assignment, #buying-keywords).
 * Every row is keyed by the delivery, so a redelivered queue message changes nothing.
 */
import { and, desc, eq, gte, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import {
  assignmentCursors,
  cities,
  contacts,
  customerMessages,
  customers,
  keywordRules,
  leads,
  leadTouches,
  users,
} from '../platform/db/schema';
import { inboxAndRoutes } from '../notifications/routing';
import { keyedMessage } from '../notifications/message';
import type { Inbound } from '../webhooks/normalize';
import { chooseAssignee, type AssignmentCandidate } from './assignment';
import { matchBuyingKeywords } from './keywords';

const DAY = 86_400_000;
const HOUR = 3_600_000;
export const MERGE_WINDOW_MS = 7 * DAY;
export const FIRST_TOUCH_MS = 24 * HOUR;

export type IntakeOutcome =
  | { result: 'ignored' }
  | { result: 'timeline'; customerId: string }
  | { result: 'merged'; leadId: string }
  | {
      result: 'lead';
      leadId: string;
      created: boolean;
      regionId: string;
      assigneeId: string | null;
      assignedAt: number;
      title: string;
      priority: 'normal' | 'high';
    };

type Context = { deliveryRowId: string; defaultRegionId: string | null; now: number };

/** Each rep's last 3 first responses and open leads, and where round robin stands: one round trip. */
async function candidatesIn(
  db: Database,
  regionId: string,
): Promise<{ candidates: AssignmentCandidate[]; roundRobinIndex: number }> {
  const ranked = db
    .select({
      assigneeId: leads.assigneeId,
      responseMs: sql<number>`${leads.firstTouchAt} - ${leads.assignedAt}`.as('response_ms'),
      n: sql<number>`row_number() over (partition by ${leads.assigneeId} order by ${leads.assignedAt} desc)`.as(
        'n',
      ),
    })
    .from(leads)
    .where(
      and(eq(leads.regionId, regionId), isNotNull(leads.firstTouchAt), isNotNull(leads.assignedAt)),
    )
    .as('ranked');
  const [reps, recent, open, cursor] = await db.batch([
    db
      .select({ id: users.id, cityId: users.cityId })
      .from(users)
      .where(and(eq(users.regionId, regionId), eq(users.role, 'rep'), eq(users.active, true))),
    db
      .select({ assigneeId: ranked.assigneeId, responseMs: ranked.responseMs })
      .from(ranked)
      .where(lte(ranked.n, 3)),
    db
      .select({ assigneeId: leads.assigneeId, n: sql<number>`count(*)` })
      .from(leads)
      .where(and(eq(leads.regionId, regionId), eq(leads.status, 'new')))
      .groupBy(leads.assigneeId),
    db
      .select({ nextIndex: assignmentCursors.nextIndex })
      .from(assignmentCursors)
      .where(eq(assignmentCursors.regionId, regionId))
      .limit(1),
  ]);
  const candidates = reps.map((rep) => ({
    repId: rep.id,
    cityId: rep.cityId,
    recentFirstResponsesMs: recent
      .filter((row) => row.assigneeId === rep.id)
      .map((row) => row.responseMs),
    openLeads: open.find((row) => row.assigneeId === rep.id)?.n ?? 0,
  }));
  return { candidates, roundRobinIndex: cursor[0]?.nextIndex ?? 0 };
}

export async function takeInbound(
  db: Database,
  inbound: Inbound,
  context: Context,
): Promise<IntakeOutcome> {
  const { now, deliveryRowId } = context;
  const identity = [
    inbound.phone
      ? or(eq(customers.phone, inbound.phone), eq(contacts.phone, inbound.phone))
      : undefined,
    inbound.email
      ? or(eq(customers.email, inbound.email), eq(contacts.email, inbound.email))
      : undefined,
    inbound.chatUserId ? eq(contacts.chatUserId, inbound.chatUserId) : undefined,
  ].filter((condition) => condition !== undefined);
  const sameLead = [
    inbound.phone ? eq(leads.phone, inbound.phone) : undefined,
    inbound.email ? eq(leads.email, inbound.email) : undefined,
  ].filter((c) => c !== undefined);

  const [rules, cityRows, matchedCustomers, recentLeads] = await db.batch([
    db
      .select({ keyword: keywordRules.keyword, language: keywordRules.language })
      .from(keywordRules)
      .where(eq(keywordRules.active, true)),
    db.select().from(cities),
    db
      .selectDistinct({
        id: customers.id,
        regionId: customers.regionId,
        cityId: customers.cityId,
        ownerId: customers.ownerId,
        name: customers.name,
      })
      .from(customers)
      .leftJoin(contacts, eq(contacts.customerId, customers.id))
      // An archived customer is out of the book: its phone or email starts a new lead.
      .where(and(identity.length > 0 ? or(...identity) : sql`0 = 1`, isNull(customers.archivedAt)))
      .limit(1),
    db
      .select({ id: leads.id })
      .from(leads)
      .where(
        and(
          sameLead.length > 0 ? or(...sameLead) : sql`0 = 1`,
          gte(leads.createdAt, now - MERGE_WINDOW_MS),
        ),
      )
      .orderBy(desc(leads.createdAt))
      .limit(1),
  ]);
  const keywords = matchBuyingKeywords(inbound.message ?? '', rules);
  const priority = keywords.length > 0 ? ('high' as const) : ('normal' as const);
  const customer = matchedCustomers[0];

  // A known customer writing in chat: the message goes on their timeline; only a buying signal
  // also makes a lead.
  if (inbound.kind === 'chat' && customer) {
    await db
      .insert(customerMessages)
      .values({
        id: crypto.randomUUID(),
        customerId: customer.id,
        channel: inbound.channel,
        sender: inbound.chatUserId,
        text: inbound.message ?? '',
        receivedAt: now,
        deliveryId: deliveryRowId,
      })
      .onConflictDoNothing({ target: customerMessages.deliveryId });
    if (priority === 'normal') return { result: 'timeline', customerId: customer.id };
  }

  // The same person again within a week: one lead with several touches (docs/rules.md#buying-keywords).
  const existing = recentLeads[0];
  if (existing) {
    await db.batch([
      db
        .insert(leadTouches)
        .values({
          id: `ltc_${deliveryRowId}`,
          leadId: existing.id,
          channel: inbound.channel,
          message: inbound.message,
          occurredAt: now,
        })
        .onConflictDoNothing({ target: leadTouches.id }),
      db
        .update(leads)
        .set({ updatedAt: now, ...(priority === 'high' ? { priority } : {}) })
        .where(eq(leads.id, existing.id)),
    ]);
    return { result: 'merged', leadId: existing.id };
  }

  const city = inbound.city
    ? cityRows.find((c) => [c.name.toLowerCase(), c.nameZh].includes(inbound.city!.toLowerCase()))
    : undefined;
  const regionId = customer?.regionId ?? city?.regionId ?? context.defaultRegionId;
  const leadCityId = customer?.cityId ?? city?.id ?? null;
  if (!regionId) return { result: 'ignored' };

  // A known customer's lead goes to the rep who owns the relationship; otherwise docs/rules.md#lead-assignment.
  let assigneeId: string | null = customer?.ownerId ?? null;
  let cursorUpdate = null;
  if (!assigneeId) {
    const { candidates, roundRobinIndex } = await candidatesIn(db, regionId);
    const choice = chooseAssignee(candidates, roundRobinIndex, leadCityId);
    assigneeId = choice?.repId ?? null;
    if (choice && choice.reason === 'round_robin') {
      cursorUpdate = db
        .insert(assignmentCursors)
        .values({ regionId, nextIndex: choice.nextRoundRobinIndex })
        .onConflictDoUpdate({
          target: assignmentCursors.regionId,
          set: { nextIndex: choice.nextRoundRobinIndex },
        });
    }
  }

  const leadId = `lead_${deliveryRowId}`;
  const name =
    inbound.name ??
    (inbound.chatUserId
      ? `${inbound.channel} ${inbound.chatUserId}`
      : (inbound.email ?? inbound.phone ?? 'Unknown'));
  const title = inbound.company ? `${name} · ${inbound.company}` : name;
  const [assignee] = assigneeId
    ? await db.select({ locale: users.locale }).from(users).where(eq(users.id, assigneeId)).limit(1)
    : [];
  const [inserted] = await db.batch([
    db
      .insert(leads)
      .values({
        id: leadId,
        regionId,
        cityId: leadCityId,
        customerId: customer?.id ?? null,
        assigneeId,
        channel: inbound.channel,
        sourceId: null,
        name,
        phone: inbound.phone,
        email: inbound.email,
        company: inbound.company ?? customer?.name ?? null,
        message: inbound.message,
        priority,
        status: 'new',
        assignedAt: assigneeId ? now : null,
        firstTouchDeadline: assigneeId ? now + FIRST_TOUCH_MS : null,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: leads.id })
      .returning({ id: leads.id }),
    db
      .insert(leadTouches)
      .values({
        id: `ltc_${deliveryRowId}`,
        leadId,
        channel: inbound.channel,
        message: inbound.message,
        occurredAt: now,
      })
      .onConflictDoNothing({ target: leadTouches.id }),
    ...(assigneeId
      ? inboxAndRoutes(db, {
          recipientId: assigneeId,
          kind: 'lead.assigned',
          subjectType: 'lead',
          subjectId: leadId,
          ...keyedMessage(
            assignee?.locale ?? 'en',
            priority === 'high' ? 'notification.newLead.high' : 'notification.newLead.title',
            { name: title },
            { text: inbound.message ?? '' },
          ),
          dedupeKey: `lead:${leadId}:assigned`,
          now,
        })
      : []),
    ...(cursorUpdate ? [cursorUpdate] : []),
  ]);
  return {
    result: 'lead',
    leadId,
    created: inserted.length > 0,
    regionId,
    assigneeId,
    assignedAt: now,
    title,
    priority,
  };
}
