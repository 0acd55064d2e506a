import { Hono, type Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { documented } from '../platform/http/api-doc';
import { createOnceFromApi, idempotencyKeyHeader } from '../platform/http/create-once';
import { notFound } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import { contactIdParam, contactPatch, newContactInput } from './contact-input';
import {
  addContact,
  contactToEdit,
  customerToEdit,
  editContact,
  setContactRemoved,
} from './contacts';

async function editable(c: Context<AppEnv>, id: string) {
  const found = await contactToEdit(c.var.db, currentUser(c), id);
  if (!found) throw notFound();
  const { customerName: _name, ...contact } = found;
  return contact;
}

/** Removes or restores; asking for what is already so answers the contact unchanged. */
async function setRemoved(c: Context<AppEnv>, id: string, removed: boolean) {
  const contact = await editable(c, id);
  const changed = setContactRemoved(c.var.db, currentUser(c).id, contact, removed, Date.now());
  if (changed.statements) await c.var.db.batch(changed.statements);
  return c.json(changed.contact);
}

/** `/api/v1/contacts`: a customer's contacts, for whoever may edit the customer. */
export const contactApi = new Hono<AppEnv>()
  .post(
    '/',
    documented({
      summary: 'Add a contact to a customer (name, title, phone, email, primary, decision role)',
      headers: [idempotencyKeyHeader],
      body: { json: newContactInput },
      responses: {
        '201': { description: 'The contact' },
        '200': { description: 'The contact already created with this Idempotency-Key' },
      },
    }),
    validate('json', newContactInput),
    async (c) => {
      const user = currentUser(c);
      const { customerId, ...fields } = c.req.valid('json');
      return createOnceFromApi(c, 'api.contacts.create', async () => {
        const customer = await customerToEdit(c.var.db, user, customerId);
        if (!customer) throw notFound();
        const { contact, statements } = addContact(
          c.var.db,
          user.id,
          customer.id,
          fields,
          Date.now(),
        );
        return { body: contact, statements };
      });
    },
  )
  .patch(
    '/:id',
    documented({
      summary: 'Change a contact (only the fields sent)',
      params: contactIdParam,
      body: { json: contactPatch },
      responses: { '200': { description: 'The contact' } },
    }),
    validate('param', contactIdParam),
    validate('json', contactPatch),
    async (c) => {
      const contact = await editable(c, c.req.valid('param').id);
      const edited = editContact(
        c.var.db,
        currentUser(c).id,
        contact,
        c.req.valid('json'),
        Date.now(),
      );
      await c.var.db.batch(edited.statements);
      return c.json(edited.contact);
    },
  )
  .post(
    '/:id/archive',
    documented({
      summary: 'Remove a contact from the customer (kept, so it can be restored)',
      params: contactIdParam,
      responses: { '200': { description: 'The contact, with `archivedAt`' } },
    }),
    validate('param', contactIdParam),
    (c) => setRemoved(c, c.req.valid('param').id, true),
  )
  .post(
    '/:id/restore',
    documented({
      summary: 'Bring a removed contact back',
      params: contactIdParam,
      responses: { '200': { description: 'The contact' } },
    }),
    validate('param', contactIdParam),
    (c) => setRemoved(c, c.req.valid('param').id, false),
  );
