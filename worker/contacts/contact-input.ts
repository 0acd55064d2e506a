import { z } from 'zod';
import { DECISION_ROLES, LOCALES } from '../platform/db/schema';
import type { FormBody } from '../platform/http/request';
import type { MessageKey } from '../platform/i18n';

// Each message is the catalog key the form shows at its field; the API shows it as is.
const name = z.string().trim().min(1, 'contact.error.name').max(100, 'contact.error.name');
const title = z.string().trim().max(100, 'contact.error.title').nullable();
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{2,38}$/, 'contact.error.phone')
  .nullable();
const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'contact.error.email')
  .email('contact.error.email')
  .nullable();
const decisionRole = z.enum(DECISION_ROLES, { message: 'contact.error.decisionRole' }).nullable();
/** The language messages to the contact are written in (a feedback link); null: the region's. */
const locale = z.enum(LOCALES, { message: 'contact.error.locale' }).nullable();

/** A contact's fields as stored: empty optional fields are null. */
export const contactInput = z.object({
  name,
  title: title.default(null),
  phone: phone.default(null),
  email: email.default(null),
  isPrimary: z.boolean().default(false),
  decisionRole: decisionRole.default(null),
  locale: locale.default(null),
});
export type ContactFields = z.infer<typeof contactInput>;

export const newContactInput = contactInput.extend({ customerId: z.string().min(1).max(64) });

/** `PATCH`: only the fields sent change. */
export const contactPatch = z
  .object({ name, title, phone, email, isPrimary: z.boolean(), decisionRole, locale })
  .partial();
export type ContactPatch = z.infer<typeof contactPatch>;

export const contactParams = z.object({
  id: z.string().min(1).max(64),
  contactId: z.string().min(1).max(64),
});
export const contactIdParam = z.object({ id: z.string().min(1).max(64) });

const text = (value: FormBody[string] | undefined) => {
  const typed = typeof value === 'string' ? value.trim() : '';
  return typed === '' ? null : typed;
};

/** What the person typed, to fill the form again. */
export function contactFormValues(body: FormBody) {
  return {
    name: text(body.name) ?? '',
    title: text(body.title) ?? '',
    phone: text(body.phone) ?? '',
    email: text(body.email) ?? '',
    isPrimary: body.isPrimary === 'on',
    decisionRole: text(body.decisionRole) ?? '',
    locale: text(body.locale) ?? '',
  };
}
export type ContactFormValues = ReturnType<typeof contactFormValues>;

/** The form's fields parsed with the API's schema (a checkbox is "on" or absent; blank is none). */
export function parseContactForm(body: FormBody) {
  return contactInput.safeParse({
    name: text(body.name) ?? '',
    title: text(body.title),
    phone: text(body.phone),
    email: text(body.email),
    isPrimary: body.isPrimary === 'on',
    decisionRole: text(body.decisionRole),
    locale: text(body.locale),
  });
}
