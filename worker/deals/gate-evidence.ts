/**
 * The reads a stage-gate check needs, as statements to put in the caller's own read batch (so a
 * check costs no extra round trip): the gates, the deal's documents and notes, and the roles of
 * its customer's contacts.
 */
import { and, asc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { contacts, dealDocuments, deals, stageGates, type DealStage } from '../platform/db/schema';
import type { GateEvidence } from './stage-gates';

const gateColumns = {
  id: stageGates.id,
  stage: stageGates.stage,
  requirement: stageGates.requirement,
  documentKind: stageGates.documentKind,
  label: stageGates.label,
  labelZh: stageGates.labelZh,
  contactRole: stageGates.contactRole,
};

/** The gates of one stage, or of every stage when `stage` is null. */
export function gatesQuery(db: Database, stage: DealStage | null) {
  return db
    .select(gateColumns)
    .from(stageGates)
    .where(stage ? eq(stageGates.stage, stage) : undefined)
    .orderBy(asc(stageGates.stage), asc(stageGates.createdAt));
}

export function dealEvidenceQuery(db: Database, dealId: string) {
  return db
    .select({ kind: dealDocuments.kind, documentKind: dealDocuments.documentKind })
    .from(dealDocuments)
    .where(eq(dealDocuments.dealId, dealId));
}

/** The roles of a customer's current contacts. */
export function contactRolesQuery(db: Database, customerId: string) {
  return contactRoles(db, eq(contacts.customerId, customerId));
}

/** The same for a deal's customer (a subquery: the customer is not known yet). */
export function contactRolesOfDeal(db: Database, dealId: string) {
  const dealCustomer = db.select({ id: deals.customerId }).from(deals).where(eq(deals.id, dealId));
  return contactRoles(db, inArray(contacts.customerId, dealCustomer));
}

function contactRoles(db: Database, ofCustomer: SQL) {
  return db
    .select({ role: contacts.decisionRole })
    .from(contacts)
    .where(and(ofCustomer, isNull(contacts.archivedAt)));
}

export function evidenceFrom(
  documents: { kind: 'file' | 'note'; documentKind: string | null }[],
  contactRows: { role: GateEvidence['contactRoles'][number] }[],
): GateEvidence {
  return {
    documentKinds: documents.flatMap((doc) =>
      doc.kind === 'file' && doc.documentKind ? [doc.documentKind] : [],
    ),
    hasNote: documents.some((doc) => doc.kind === 'note'),
    contactRoles: contactRows.map((row) => row.role),
  };
}
