import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { aliased } from '../platform/db/aliased';
import type { Viewer } from '../platform/access/policy';
import { inScope } from '../platform/access/scope';
import type { Database } from '../platform/db/client';
import { leads, leadTouches, users } from '../platform/db/schema';

export type LeadCursor = { createdAt: number; id: string };

/** Leads in the viewer's scope, newest first, with source, priority, assignee and touches. */
export async function listLeads(
  db: Database,
  viewer: Viewer,
  options: { status?: string | undefined; before?: LeadCursor | null; limit: number },
) {
  const rows = await db
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
        options.before
          ? or(
              lt(leads.createdAt, options.before.createdAt),
              and(eq(leads.createdAt, options.before.createdAt), lt(leads.id, options.before.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(leads.createdAt), desc(leads.id))
    .limit(options.limit + 1);
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
