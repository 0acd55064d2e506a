import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { aliased } from '../platform/db/aliased';
import type { Viewer } from '../platform/access/policy';
import { inScope, scopedById } from '../platform/access/scope';
import type { Database } from '../platform/db/client';
import { cities, leads, leadTouches, users, type LEAD_STATUSES } from '../platform/db/schema';

export type LeadCursor = { createdAt: number; id: string };

/** Leads in the viewer's scope, newest first, with source, priority, assignee and touches. */
export async function listLeads(
  db: Database,
  viewer: Viewer,
  options: {
    status?: string | undefined;
    /** Several statuses at once (a tab of the leads list). */
    statuses?: readonly (typeof LEAD_STATUSES)[number][] | undefined;
    before?: LeadCursor | null;
    limit: number;
  },
) {
  // A batch of one, so the header's unread count can ride along (platform/db/ride-along.ts).
  const [rows] = await db.batch([
    db
      .select({
        id: leads.id,
        name: leads.name,
        company: leads.company,
        phone: leads.phone,
        email: leads.email,
        message: leads.message,
        channel: leads.channel,
        sourceId: leads.sourceId,
        priority: leads.priority,
        status: leads.status,
        regionId: leads.regionId,
        cityId: leads.cityId,
        customerId: leads.customerId,
        assigneeId: leads.assigneeId,
        assigneeName: aliased(users.name, 'assignee_name'),
        assignedAt: leads.assignedAt,
        firstTouchDeadline: leads.firstTouchDeadline,
        firstTouchAt: leads.firstTouchAt,
        firstTouchChannel: leads.firstTouchChannel,
        createdAt: leads.createdAt,
        touches: sql<number>`(select count(*) from ${leadTouches} where ${leadTouches.leadId} = ${leads.id})`,
      })
      .from(leads)
      .leftJoin(users, eq(users.id, leads.assigneeId))
      .where(
        and(
          inScope(viewer, 'leads'),
          options.status ? eq(leads.status, options.status as 'new') : undefined,
          options.statuses ? inArray(leads.status, [...options.statuses]) : undefined,
          options.before
            ? or(
                lt(leads.createdAt, options.before.createdAt),
                and(eq(leads.createdAt, options.before.createdAt), lt(leads.id, options.before.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(leads.createdAt), desc(leads.id))
      .limit(options.limit + 1),
  ]);
  const items = rows.slice(0, options.limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > options.limit && last ? `${last.createdAt}.${last.id}` : null,
  };
}

export function decodeLeadCursor(text: string): LeadCursor | null {
  const match = /^(\d{1,15})\.([\w-]{1,64})$/.exec(text);
  return match ? { createdAt: Number(match[1]), id: match[2]! } : null;
}

/** One lead in the viewer's scope with its assignee, city and inbound messages (oldest first); null outside it. */
export async function getLead(db: Database, viewer: Viewer, id: string) {
  const [rows, touches] = await db.batch([
    db
      .select({
        id: leads.id,
        name: leads.name,
        company: leads.company,
        phone: leads.phone,
        email: leads.email,
        message: leads.message,
        channel: leads.channel,
        priority: leads.priority,
        status: leads.status,
        closeReason: leads.closeReason,
        customerId: leads.customerId,
        assigneeId: leads.assigneeId,
        assigneeName: aliased(users.name, 'assignee_name'),
        cityId: leads.cityId,
        cityName: aliased(cities.name, 'city_name'),
        cityNameZh: aliased(cities.nameZh, 'city_name_zh'),
        firstTouchDeadline: leads.firstTouchDeadline,
        firstTouchAt: leads.firstTouchAt,
        firstTouchChannel: leads.firstTouchChannel,
        createdAt: leads.createdAt,
      })
      .from(leads)
      .leftJoin(users, eq(users.id, leads.assigneeId))
      .leftJoin(cities, eq(cities.id, leads.cityId))
      .where(scopedById(viewer, 'leads', leads.id, id))
      .limit(1),
    // Only read out when the lead itself is in scope (the join repeats the scope condition).
    db
      .select({
        id: leadTouches.id,
        channel: leadTouches.channel,
        message: leadTouches.message,
        occurredAt: leadTouches.occurredAt,
      })
      .from(leadTouches)
      .innerJoin(leads, eq(leads.id, leadTouches.leadId))
      .where(scopedById(viewer, 'leads', leads.id, id))
      .orderBy(asc(leadTouches.occurredAt))
      .limit(50),
  ]);
  const lead = rows[0];
  return lead ? { ...lead, touches } : null;
}

export type LeadDetail = NonNullable<Awaited<ReturnType<typeof getLead>>>;
