import { Hono, type Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { notFound } from '../platform/http/errors';
import { readForm } from '../platform/http/request';
import { SUBMISSION_KEY_FIELD, submitOnce } from '../platform/http/submit-once';
import { validate } from '../platform/http/validate';
import type { MessageKey } from '../platform/i18n';
import { DECISION_ROLES } from '../platform/db/schema';
import { customerIdParam } from '../customers/customer-input';
import { ContactFormPage } from '../../views/customers/contact-form';
import {
  contactFormValues,
  contactParams,
  parseContactForm,
  type ContactFormValues,
} from './contact-input';
import {
  addContact,
  contactToEdit,
  customerToEdit,
  editContact,
  setContactRemoved,
  type Contact,
} from './contacts';
import { fieldErrors } from '../visits/visit-input';

const EMPTY_FORM: ContactFormValues = {
  name: '',
  title: '',
  phone: '',
  email: '',
  isPrimary: false,
  decisionRole: '',
  locale: '',
};

function renderForm(
  c: Context<AppEnv>,
  customer: { id: string; name: string },
  values: ContactFormValues,
  errors: Record<string, MessageKey>,
  contactId?: string,
) {
  if (Object.keys(errors).length > 0) c.status(422);
  return c.render(
    <ContactFormPage
      customer={customer}
      contactId={contactId}
      values={values}
      errors={errors}
      roles={DECISION_ROLES}
    />,
  );
}

/** The contact at `/customers/:id/contacts/:contactId`, if the viewer may change it. */
async function contactOf(c: Context<AppEnv>, customerId: string, contactId: string) {
  const contact = await contactToEdit(c.var.db, currentUser(c), contactId);
  if (!contact || contact.customerId !== customerId) throw notFound();
  return contact;
}

const formValuesOf = (contact: Contact): ContactFormValues => ({
  name: contact.name,
  title: contact.title ?? '',
  phone: contact.phone ?? '',
  email: contact.email ?? '',
  isPrimary: contact.isPrimary,
  decisionRole: contact.decisionRole ?? '',
  locale: contact.locale ?? '',
});

/** Removes (`true`) or restores a contact, then back to the customer's contacts saying which. */
async function removeOrRestore(c: Context<AppEnv>, removed: boolean) {
  const id = c.req.param('id') ?? '';
  const contact = await contactOf(c, id, c.req.param('contactId') ?? '');
  const { statements } = setContactRemoved(
    c.var.db,
    currentUser(c).id,
    contact,
    removed,
    Date.now(),
  );
  if (statements) await c.var.db.batch(statements);
  const saying = removed ? `removed=${encodeURIComponent(contact.id)}` : 'contact=restored';
  return c.redirect(`/customers/${id}?${saying}#contacts`, 303);
}

/** Contact pages under `/customers/:id/contacts`; outside the viewer's edit scope they are not found. */
export const contactPages = new Hono<AppEnv>()
  .get('/:id/contacts/new', validate('param', customerIdParam), async (c) => {
    const customer = await customerToEdit(c.var.db, currentUser(c), c.req.valid('param').id);
    if (!customer) throw notFound();
    return renderForm(c, customer, EMPTY_FORM, {});
  })
  .post('/:id/contacts/new', validate('param', customerIdParam), async (c) => {
    const user = currentUser(c);
    const customer = await customerToEdit(c.var.db, user, c.req.valid('param').id);
    if (!customer) throw notFound();
    const body = await readForm(c);
    return submitOnce(c, 'contacts.create', body[SUBMISSION_KEY_FIELD], async () => {
      const parsed = parseContactForm(body);
      if (!parsed.success)
        return renderForm(
          c,
          customer,
          contactFormValues(body),
          fieldErrors(parsed.error.issues, 'contact.error.invalid'),
        );
      const { statements } = addContact(c.var.db, user.id, customer.id, parsed.data, Date.now());
      return { location: `/customers/${customer.id}?contact=added#contacts`, statements };
    });
  })
  .get('/:id/contacts/:contactId/edit', validate('param', contactParams), async (c) => {
    const { id, contactId } = c.req.valid('param');
    const contact = await contactOf(c, id, contactId);
    return renderForm(c, { id, name: contact.customerName }, formValuesOf(contact), {}, contact.id);
  })
  .post('/:id/contacts/:contactId', validate('param', contactParams), async (c) => {
    const { id, contactId } = c.req.valid('param');
    const user = currentUser(c);
    const contact = await contactOf(c, id, contactId);
    const body = await readForm(c);
    const parsed = parseContactForm(body);
    if (!parsed.success)
      return renderForm(
        c,
        { id, name: contact.customerName },
        contactFormValues(body),
        fieldErrors(parsed.error.issues, 'contact.error.invalid'),
        contact.id,
      );
    const { statements } = editContact(c.var.db, user.id, contact, parsed.data, Date.now());
    await c.var.db.batch(statements);
    return c.redirect(`/customers/${id}?contact=saved#contacts`, 303);
  })
  .post('/:id/contacts/:contactId/remove', validate('param', contactParams), (c) =>
    removeOrRestore(c, true),
  )
  .post('/:id/contacts/:contactId/restore', validate('param', contactParams), (c) =>
    removeOrRestore(c, false),
  );
