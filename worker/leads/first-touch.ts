/**
 * A rep's first call, visit or message to a lead stops its 24-hour first-touch clock
 * (docs/rules.md#escalation-timers). Logging it
 * twice keeps the first time (the clock stopped then).
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Viewer } from '../platform/access/policy';
import { inScope, scopedById } from '../platform/access/scope';
import type { Database } from '../platform/db/client';
import { leads, type FIRST_TOUCH_CHANNELS } from '../platform/db/schema';
import { auditIfMatches } from '../platform/audit/audit-if-matches';
import { notFound } from '../platform/http/errors';
import { OPEN_LEAD_STATUSES } from './lead-tabs';

export type FirstTouchChannel = (typeof FIRST_TOUCH_CHANNELS)[number];

/** The lead as it stands after a first touch was asked for: touched now, or earlier, or not ours. */
export async function firstTouch(
  db: Database,
  viewer: Viewer,
  leadId: string,
  channel: FirstTouchChannel,
  now: number,
) {
  // A closed lead (converted, disqualified) stays closed: its clock stopped when it closed.
  const untouchedInScope = and(
    eq(leads.id, leadId),
    inScope(viewer, 'leads'),
    isNull(leads.firstTouchAt),
    inArray(leads.status, [...OPEN_LEAD_STATUSES]),
  );
  const [, touched, current] = await db.batch([
    // The audit entry is written only for the touch that actually stops the clock.
    auditIfMatches(
      db,
      {
        actorId: viewer.id,
        action: 'lead.first_touch',
        subjectType: 'lead',
        detail: { channel },
        now,
      },
      { table: leads, id: leads.id, where: untouchedInScope },
    ),
    db
      .update(leads)
      .set({ firstTouchAt: now, firstTouchChannel: channel, status: 'contacted', updatedAt: now })
      .where(untouchedInScope)
      .returning({ id: leads.id }),
    db
      .select({
        id: leads.id,
        regionId: leads.regionId,
        firstTouchAt: leads.firstTouchAt,
        firstTouchChannel: leads.firstTouchChannel,
        firstTouchDeadline: leads.firstTouchDeadline,
        status: leads.status,
      })
      .from(leads)
      .where(scopedById(viewer, 'leads', leads.id, leadId))
      .limit(1),
  ]);
  const lead = current[0];
  if (!lead) throw notFound();
  return {
    ...lead,
    justTouched: touched.length > 0,
    withinDeadline:
      lead.firstTouchAt !== null &&
      lead.firstTouchDeadline !== null &&
      lead.firstTouchAt <= lead.firstTouchDeadline,
  };
}
