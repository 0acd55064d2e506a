/**
 * The follow-up sequence after a customer's first visit, free of I/O (docs/rules.md#follow-up-sequence):
 * which first-visit day each step applies to on a run's day, who the feedback link goes to and in
 * which language, what a feedback link's state is, and what an answer must look like.
 */
import { z } from 'zod';
import type { Locale } from '../platform/db/schema';
import type { ThrottlePolicy } from '../auth/throttle-policy';

const DAY_MS = 86_400_000;

/** Region-local days after the first visit (the first visit's own day is day 0). */
export const FEEDBACK_LINK_DAY = 3;
export const MANAGER_TODO_DAY = 7;
export const DORMANT_DAY = 15;
/** How long a feedback link can be answered. */
export const FEEDBACK_LINK_TTL_MS = 14 * DAY_MS;
export const FEEDBACK_COMMENT_MAX = 1000;

/** The customers' gateway is a notification route with this fixed id (gateway.tsx). */
export const CUSTOMER_GATEWAY_ROUTE_ID = 'customer_gateway';

export type SequenceStep = 'link' | 'managerTodo' | 'dormant';

/** `YYYY-MM-DD` of the calendar day `days` before `day` (calendar arithmetic, no time zone). */
export function daysBefore(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date) - days * DAY_MS).toISOString().slice(0, 10);
}

/** On a run for the region-local `day`: the local day of the first visits each step is for. */
export function firstVisitDays(day: string): Record<SequenceStep, string> {
  return {
    link: daysBefore(day, FEEDBACK_LINK_DAY),
    managerTodo: daysBefore(day, MANAGER_TODO_DAY),
    dormant: daysBefore(day, DORMANT_DAY),
  };
}

type Reachable = { name: string | null; phone: string | null; email: string | null };

/**
 * Who the link is for: the primary contact when they have a phone or an e-mail, else the
 * customer's own phone or e-mail. Null: nobody to send it to (the rep can still share it).
 */
export function feedbackRecipient(
  contact: (Reachable & { id: string; locale: Locale | null }) | null,
  customer: Reachable,
): {
  contactId: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  locale: Locale | null;
} | null {
  if (contact && (contact.phone || contact.email))
    return {
      contactId: contact.id,
      name: contact.name,
      phone: contact.phone,
      email: contact.email,
      locale: contact.locale,
    };
  if (customer.phone || customer.email)
    return {
      contactId: null,
      name: customer.name,
      phone: customer.phone,
      email: customer.email,
      locale: null,
    };
  return null;
}

/** The contact's language, else the region's default, else English. */
export function feedbackLocale(contactLocale: Locale | null, regionLocale: Locale | null): Locale {
  return contactLocale ?? regionLocale ?? 'en';
}

export type FeedbackLinkState = 'open' | 'answered' | 'expired';

export function feedbackLinkState(
  request: { answeredAt: number | null; expiresAt: number },
  now: number,
): FeedbackLinkState {
  if (request.answeredAt !== null) return 'answered';
  return now >= request.expiresAt ? 'expired' : 'open';
}

/** The feedback form: satisfaction 1–5, a follow-up call yes or no, an optional comment. */
export const feedbackAnswers = z.object({
  satisfaction: z.coerce.number().int().min(1).max(5),
  wantsCall: z.enum(['yes', 'no']).transform((value) => value === 'yes'),
  comment: z
    .string()
    .trim()
    .max(FEEDBACK_COMMENT_MAX)
    .optional()
    .transform((value) => value || null),
});
export type FeedbackAnswers = z.output<typeof feedbackAnswers>;

const MINUTE = 60_000;
/** Opening or answering one link: generous for a person, short for a script. */
export const FEEDBACK_TOKEN_POLICY: ThrottlePolicy = {
  maxFailures: 20,
  windowMs: 15 * MINUTE,
  lockMs: 15 * MINUTE,
};
/** Per address: several customers may share an office's address. */
export const FEEDBACK_ADDRESS_POLICY: ThrottlePolicy = {
  maxFailures: 60,
  windowMs: 15 * MINUTE,
  lockMs: 15 * MINUTE,
};
