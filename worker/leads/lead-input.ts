/** What the inbox's first-touch buttons and /api/v1/leads accept: the same schemas for both. */
import { z } from 'zod';
import { FIRST_TOUCH_CHANNELS } from '../platform/db/schema';
import { contactInput, customerInput } from '../customers/customer-input';
import { DEAL_CURRENCIES } from '../deals/deal-input';

export const leadIdParam = z.object({ id: z.string().min(1).max(64) });
export const firstTouchInput = z.object({ channel: z.enum(FIRST_TOUCH_CHANNELS) });

/** The optional first deal of a converted lead: amount in minor units, a currency deals take. */
export const convertDealInput = z.object({
  name: z
    .string({ message: 'lead.convert.error.dealName' })
    .trim()
    .min(1, 'lead.convert.error.dealName')
    .max(200, 'lead.convert.error.dealName'),
  amountCents: z
    .number({ message: 'lead.convert.error.amount' })
    .int('lead.convert.error.amount')
    .min(0, 'lead.convert.error.amount')
    .max(1e13, 'lead.convert.error.amount'),
  currency: z.enum(DEAL_CURRENCIES, { message: 'lead.convert.error.currency' }).default('CNY'),
});

/**
 * `POST /api/v1/leads/:id/convert`: into a new customer (with its first contact and an optional
 * first deal), or attached to an existing customer.
 */
export const attachLeadBody = z.object({ customerId: z.string().min(1).max(64) });
export const newCustomerLeadBody = z.object({
  customer: customerInput.omit({ contact: true }),
  contact: contactInput.nullable().optional(),
  deal: convertDealInput.nullable().optional(),
});
export const convertLeadBody = z.union([attachLeadBody, newCustomerLeadBody]);

/** The body's own form parsed alone, so a bad field is named (a failed union only says "invalid"). */
export function parseConvertLeadBody(body: unknown) {
  const attaching = typeof body === 'object' && body !== null && 'customerId' in body;
  return attaching ? attachLeadBody.safeParse(body) : newCustomerLeadBody.safeParse(body);
}

export const disqualifyInput = z.object({
  reason: z
    .string({ message: 'lead.disqualify.error.reason' })
    .trim()
    .min(2, 'lead.disqualify.error.reason')
    .max(500, 'lead.disqualify.error.reason'),
});

/** "12,000.50" → 1200050; null for anything that is not an amount. */
export function amountToCents(text: string): number | null {
  const normal = text.replace(/[,\s]/g, '');
  if (!/^\d{1,11}(\.\d{1,2})?$/.test(normal)) return null;
  return Math.round(Number(normal) * 100);
}
