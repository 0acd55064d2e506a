/** What the customer pages and /api/v1/customers accept: the same schemas for both. */
import { z } from 'zod';
import { decodeCursor } from './queries';
import { CUSTOMER_GRADES } from '../platform/db/schema';
import type { MessageKey } from '../platform/i18n';

export const PAGE_SIZE = 25;

export const customerListQuery = z.object({
  q: z.string().max(100).optional(),
  cursor: z
    .string()
    .max(400)
    .optional()
    .transform((text, ctx) => {
      if (!text) return null;
      const cursor = decodeCursor(text);
      if (!cursor)
        ctx.addIssue({
          code: 'custom',
          message: 'Unknown cursor; start again from the first page.',
        });
      return cursor;
    }),
  limit: z.coerce.number().int().min(1).max(100).default(PAGE_SIZE),
  /** Managers find archived customers here (to restore them). */
  archived: z.enum(['1']).optional(),
});

export const customerIdParam = z.object({ id: z.string().min(1).max(64) });

/** Blank form fields are "not given" (null: a PATCH clears the field with it, a create leaves it empty). */
const blankToNull = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? null : value;

const optionalText = (max: number, message: string) =>
  z.preprocess(blankToNull, z.string().trim().max(max, message).nullable().optional());

const coordinate = (limit: number) =>
  z.preprocess(
    blankToNull,
    z.coerce
      .number()
      .min(-limit, 'customer.error.position')
      .max(limit, 'customer.error.position')
      .nullable()
      .optional(),
  );

/** The industries offered on the form: the catalog's labels (stored in English, like the seed). */
export const INDUSTRY_VALUES = [
  'Manufacturing',
  'Logistics',
  'Healthcare',
  'Food & Beverage',
  'Construction',
  'Electronics',
  'Retail',
  'Hospitality',
  'Energy',
  'Education',
] as const;

export const phoneSchema = z
  .string({ message: 'customer.error.phone' })
  .trim()
  .max(40, 'customer.error.phone')
  .regex(/^\+?[\d\s().-]*\d[\d\s().-]*$/, 'customer.error.phone')
  .refine((phone) => phone.replace(/\D/g, '').length >= 6, 'customer.error.phone');

export const contactInput = z.object({
  name: z
    .string({ message: 'customer.error.contactName' })
    .trim()
    .min(1, 'customer.error.contactName')
    .max(120, 'customer.error.contactName'),
  phone: z.preprocess(blankToNull, phoneSchema.nullable().optional()),
  title: optionalText(120, 'customer.error.invalid'),
});

/**
 * A customer as the form and `POST /api/v1/customers` send it (`PATCH` sends any part). Messages
 * are catalog keys: the page shows them at each field, the API in English.
 */
export const customerInput = z.object({
  name: z
    .string({ message: 'customer.error.name' })
    .trim()
    .min(1, 'customer.error.name')
    .max(200, 'customer.error.name'),
  phone: phoneSchema,
  cityId: z
    .string({ message: 'customer.error.city' })
    .trim()
    .min(1, 'customer.error.city')
    .max(64, 'customer.error.city'),
  email: z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .max(200, 'customer.error.email')
      .email('customer.error.email')
      .nullable()
      .optional(),
  ),
  grade: z.preprocess(
    blankToNull,
    z.enum(CUSTOMER_GRADES, { message: 'customer.error.grade' }).nullable().optional(),
  ),
  industry: z.preprocess(
    blankToNull,
    z.enum(INDUSTRY_VALUES, { message: 'customer.error.industry' }).nullable().optional(),
  ),
  address: optionalText(300, 'customer.error.address'),
  lat: coordinate(90),
  lng: coordinate(180),
  ownerId: z.preprocess(
    blankToNull,
    z.string().max(64, 'customer.error.owner').nullable().optional(),
  ),
  contact: contactInput.nullable().optional(),
});

export type CustomerInput = z.infer<typeof customerInput>;

/** `POST /api/v1/customers`: the customer, and whether a possible duplicate is fine. */
export const customerCreateBody = customerInput.extend({
  allowDuplicate: z.boolean().optional(),
});

/** The edit form: the customer's own fields (contacts have their own forms; a new owner is a reassignment). */
export const customerEdit = customerInput.omit({ contact: true, ownerId: true });

/** `PATCH /api/v1/customers/:id`: any of the edit form's fields. */
export const customerPatchBody = customerEdit.partial();

/** The form's flat `contact.name` fields as the nested shape the schema reads; blank contact = none. */
export function customerFromForm(fields: Record<string, string | undefined>) {
  const contact = {
    name: fields['contact.name'] ?? '',
    phone: fields['contact.phone'] ?? '',
    title: fields['contact.title'] ?? '',
  };
  const given = Object.values(contact).some((value) => value.trim() !== '');
  return { ...fields, contact: given ? contact : null };
}

export const duplicatesQuery = z.object({
  name: z.string().max(200).optional(),
  phone: z.string().max(40).optional(),
  email: z.string().max(200).optional(),
  cityId: z.string().max(64).optional(),
  exceptId: z.string().max(64).optional(),
});
