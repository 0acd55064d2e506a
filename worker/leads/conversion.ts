/**
 * Closing a lead: converted into a new customer (with its first contact and an optional first
 * deal), attached to an existing customer, or disqualified with a reason. The lead's change, the
 * new rows and the audit entries (on the customer's timeline) go in one batch run by the caller
 * (submit-once for the pages, create-once for the API); its first-touch clock stops afterwards.
 */
import { and, inArray, isNull } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../platform/db/client';
import { customers, leads } from '../platform/db/schema';
import type { Viewer } from '../platform/access/policy';
import { editableById } from '../platform/access/scope';
import { recordChange } from '../platform/audit/record-change';
import { HttpError } from '../platform/http/errors';
import type { MessageKey } from '../platform/i18n';
import type { TimerStart } from '../../durable-objects/region-wall/wall-store';
import { newCustomer } from '../customers/create-customer';
import type { CustomerInput } from '../customers/customer-input';
import { newDealStatements } from '../deals/new-deal';
import { isOpenLead, OPEN_LEAD_STATUSES } from './lead-tabs';

export type LeadClosing = {
  regionId: string | null;
  leadId: string;
  statements: BatchItem<'sqlite'>[];
  /** Timers to start after the batch (a new deal's). */
  timers: TimerStart[];
  body: Record<string, unknown>;
};

type FieldErrors = Record<string, MessageKey>;

/** The lead if the viewer may change it (else null: 404) and it is still open (else 409). */
async function openLead(db: Database, viewer: Viewer, id: string) {
  const [lead] = await db
    .select()
    .from(leads)
    .where(editableById(viewer, 'leads', leads.id, id))
    .limit(1);
  if (!lead) return null;
  if (!isOpenLead(lead.status))
    throw new HttpError(409, 'lead_closed', `This lead is already ${lead.status}.`);
  return lead;
}

function closeLead(
  db: Database,
  viewer: Viewer,
  lead: typeof leads.$inferSelect,
  change: { status: 'converted' | 'disqualified'; customerId: string | null; closeReason?: string },
  now: number,
): BatchItem<'sqlite'>[] {
  return [
    db
      .update(leads)
      .set({
        status: change.status,
        customerId: change.customerId,
        closeReason: change.closeReason ?? null,
        closedAt: now,
        updatedAt: now,
      })
      .where(
        and(
          editableById(viewer, 'leads', leads.id, lead.id),
          inArray(leads.status, [...OPEN_LEAD_STATUSES]),
        ),
      ),
    recordChange(db, {
      actorId: viewer.id,
      action: change.status === 'converted' ? 'lead.converted' : 'lead.disqualified',
      subjectType: 'lead',
      subjectId: lead.id,
      customerId: change.customerId,
      before: { status: lead.status, customerId: lead.customerId },
      after: {
        status: change.status,
        customerId: change.customerId,
        ...(change.closeReason ? { closeReason: change.closeReason } : {}),
      },
      now,
    }),
  ];
}

const leadBody = (
  lead: { id: string },
  status: string,
  customerId: string | null,
  now: number,
) => ({
  id: lead.id,
  status,
  customerId,
  closedAt: now,
});

export async function convertToNewCustomer(
  db: Database,
  viewer: Viewer,
  leadId: string,
  input: {
    customer: CustomerInput;
    deal?: { name: string; amountCents: number; currency: string } | null | undefined;
  },
  now: number,
): Promise<LeadClosing | { errors: FieldErrors } | null> {
  const lead = await openLead(db, viewer, leadId);
  if (!lead) return null;
  // The lead's rep keeps it as a customer unless the manager names another rep.
  const ownerId = input.customer.ownerId ?? (viewer.role === 'rep' ? viewer.id : lead.assigneeId);
  const created = await newCustomer(db, viewer, { ...input.customer, ownerId }, now);
  if ('errors' in created) return created;
  const deal = input.deal
    ? newDealStatements(
        db,
        {
          customerId: created.id,
          ownerId: created.ownerId,
          regionId: created.regionId,
          cityId: created.cityId,
          ...input.deal,
        },
        viewer.id,
        now,
      )
    : null;
  return {
    regionId: lead.regionId,
    leadId: lead.id,
    statements: [
      ...created.statements,
      ...(deal ? deal.statements : []),
      ...closeLead(db, viewer, lead, { status: 'converted', customerId: created.id }, now),
    ],
    timers: deal ? [deal.timer] : [],
    body: {
      lead: leadBody(lead, 'converted', created.id, now),
      customer: created.detail,
      dealId: deal?.id ?? null,
    },
  };
}

export async function attachToCustomer(
  db: Database,
  viewer: Viewer,
  leadId: string,
  customerId: string,
  now: number,
): Promise<LeadClosing | { errors: FieldErrors } | null> {
  const lead = await openLead(db, viewer, leadId);
  if (!lead) return null;
  const [customer] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(
      and(
        editableById(viewer, 'customers', customers.id, customerId),
        isNull(customers.archivedAt),
      ),
    )
    .limit(1);
  if (!customer) return { errors: { customerId: 'lead.convert.error.customer' } };
  return {
    regionId: lead.regionId,
    leadId: lead.id,
    statements: closeLead(db, viewer, lead, { status: 'converted', customerId }, now),
    timers: [],
    body: { lead: leadBody(lead, 'converted', customerId, now), customerId },
  };
}

/** null outside the viewer's scope; a repeat on a disqualified lead changes nothing. */
export async function disqualify(
  db: Database,
  viewer: Viewer,
  leadId: string,
  reason: string,
  now: number,
): Promise<{ regionId: string | null; changed: boolean } | null> {
  const [lead] = await db
    .select()
    .from(leads)
    .where(editableById(viewer, 'leads', leads.id, leadId))
    .limit(1);
  if (!lead) return null;
  if (lead.status === 'disqualified') return { regionId: lead.regionId, changed: false };
  if (lead.status === 'converted')
    throw new HttpError(409, 'lead_closed', 'This lead is already converted.');
  await db.batch(
    closeLead(
      db,
      viewer,
      lead,
      { status: 'disqualified', customerId: lead.customerId, closeReason: reason },
      now,
    ) as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]],
  );
  return { regionId: lead.regionId, changed: true };
}
