/**
 * Adding, editing, removing and restoring a customer's contacts. Each change is one batch: the
 * contact's row(s) and its audit entry on the customer's timeline. Who may: edit scope on the
 * customer (a rep their own book, a manager the region, the director all).
 */
import { and, eq, ne } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../platform/db/client';
import { aliased } from '../platform/db/aliased';
import { contacts, customers } from '../platform/db/schema';
import type { Viewer } from '../platform/access/policy';
import { editableById, inEditScope } from '../platform/access/scope';
import { recordChange } from '../platform/audit/record-change';
import { archivalStatements } from '../platform/audit/archival';
import type { ContactFields, ContactPatch } from './contact-input';

export type Contact = typeof contacts.$inferSelect;
type Statements = [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];

/** The customer, if the viewer may change its contacts; null otherwise (answered as not found). */
export async function customerToEdit(db: Database, viewer: Viewer, customerId: string) {
  const [customer] = await db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(editableById(viewer, 'customers', customers.id, customerId))
    .limit(1);
  return customer ?? null;
}

/** A contact with its customer, if the viewer may change it. */
export async function contactToEdit(db: Database, viewer: Viewer, contactId: string) {
  const [row] = await db
    .select({ contact: contacts, customerName: aliased(customers.name, 'customer_name') })
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .where(and(eq(contacts.id, contactId), inEditScope(viewer, 'customers')))
    .limit(1);
  return row ? { ...row.contact, customerName: row.customerName } : null;
}

const auditFields = (contact: ContactFields) => ({
  name: contact.name,
  title: contact.title,
  phone: contact.phone,
  email: contact.email,
  isPrimary: contact.isPrimary,
  decisionRole: contact.decisionRole,
  locale: contact.locale,
});

/** A customer has one primary contact: marking one takes the flag from the others. */
const clearOtherPrimaries = (db: Database, customerId: string, keepId: string) =>
  db
    .update(contacts)
    .set({ isPrimary: false })
    .where(and(eq(contacts.customerId, customerId), ne(contacts.id, keepId)));

/** A new contact's row (also the first contact written with a new customer). */
export const newContactRow = (customerId: string, fields: ContactFields): Contact => ({
  id: `con_${crypto.randomUUID()}`,
  customerId,
  chatUserId: null,
  externalId: null,
  archivedAt: null,
  ...fields,
});

export function addContact(
  db: Database,
  actorId: string,
  customerId: string,
  fields: ContactFields,
  now: number,
): { contact: Contact; statements: Statements } {
  const contact = newContactRow(customerId, fields);
  return {
    contact,
    statements: [
      db.insert(contacts).values(contact),
      ...(fields.isPrimary ? [clearOtherPrimaries(db, customerId, contact.id)] : []),
      recordChange(db, {
        actorId,
        action: 'contact.added',
        subjectType: 'contact',
        subjectId: contact.id,
        customerId,
        after: auditFields(contact),
        now,
      }),
    ],
  };
}

export function editContact(
  db: Database,
  actorId: string,
  contact: Contact,
  patch: ContactPatch,
  now: number,
): { contact: Contact; statements: Statements } {
  const updated: Contact = { ...contact, ...patch };
  return {
    contact: updated,
    statements: [
      db
        .update(contacts)
        .set({
          name: updated.name,
          title: updated.title,
          phone: updated.phone,
          email: updated.email,
          isPrimary: updated.isPrimary,
          decisionRole: updated.decisionRole,
          locale: updated.locale,
        })
        .where(eq(contacts.id, contact.id)),
      ...(updated.isPrimary && !contact.isPrimary
        ? [clearOtherPrimaries(db, contact.customerId, contact.id)]
        : []),
      recordChange(db, {
        actorId,
        action: 'contact.updated',
        subjectType: 'contact',
        subjectId: contact.id,
        customerId: contact.customerId,
        before: auditFields(contact),
        after: auditFields(updated),
        now,
      }),
    ],
  };
}

/**
 * Removes (soft) or restores a contact. Asking again for what is already so changes nothing and
 * writes no audit entry, so a repeated tap is harmless.
 */
export function setContactRemoved(
  db: Database,
  actorId: string,
  contact: Contact,
  removed: boolean,
  now: number,
): { contact: Contact; statements: Statements | null } {
  if ((contact.archivedAt !== null) === removed) return { contact, statements: null };
  const { archivedAt, statements } = archivalStatements(db, contacts, contact, {
    archive: removed,
    subjectType: 'contact',
    archiveVerb: 'removed',
    actorId,
    now,
    // Kept whole on the side it leaves, so the timeline can name the contact.
    detail: removed ? { before: auditFields(contact) } : { after: auditFields(contact) },
  });
  return { contact: { ...contact, archivedAt }, statements: [...statements] };
}
