/**
 * Archiving (soft delete) and restoring a customer. Archived customers leave lists, counts and
 * the region wall's timers; every row stays, so restoring brings the customer back intact and
 * restarts the timers of its open work with their real anchors.
 */
import type { Database } from '../platform/db/client';
import { customers } from '../platform/db/schema';
import type { Viewer } from '../platform/access/policy';
import { editableById } from '../platform/access/scope';
import { archivalStatements } from '../platform/audit/archival';
import { customerTimers } from '../../durable-objects/region-wall/hydration';
import type { TimerStart } from '../../durable-objects/region-wall/wall-store';

export type ArchiveOutcome = {
  regionId: string;
  /** Timers to stop (archive) or start (restore); empty when nothing changed (a repeat). */
  timers: TimerStart[];
};

/** null when the customer is not the viewer's to change (404). A repeat changes nothing. */
export async function setArchived(
  db: Database,
  viewer: Viewer,
  id: string,
  archive: boolean,
  now: number,
): Promise<ArchiveOutcome | null> {
  const [existing] = await db
    .select({ regionId: customers.regionId, archivedAt: customers.archivedAt })
    .from(customers)
    .where(editableById(viewer, 'customers', customers.id, id))
    .limit(1);
  if (!existing) return null;
  if ((existing.archivedAt !== null) === archive)
    return { regionId: existing.regionId, timers: [] };
  // Before archiving, its live timers are the ones to stop; after restoring, the ones to start.
  const live = archive ? await customerTimers(db, id, now) : [];
  const { statements } = archivalStatements(
    db,
    customers,
    { id, customerId: id, archivedAt: existing.archivedAt },
    { archive, subjectType: 'customer', actorId: viewer.id, now },
  );
  const [, changed] = await db.batch(statements);
  if (changed.length === 0) return { regionId: existing.regionId, timers: [] };
  return {
    regionId: existing.regionId,
    timers: archive ? live : await customerTimers(db, id, now),
  };
}
