/**
 * The one validation of a deal's fields, shared by the pages and /api/v1/deals. The form sends
 * the amount in major units ("12,500.50") and the close date as `YYYY-MM-DD` (a day in the
 * region's time zone); the API sends `amountCents` and an ISO 8601 time with offset. Both end as
 * integer minor units and an instant here. Messages are catalogue keys.
 */
import { z } from 'zod';
import { DEAL_STAGES, type DealStage } from '../platform/db/schema';
import type { MessageKey } from '../platform/i18n';
import { parseDay, parseMajorUnits } from '../platform/http/money-and-dates';
import { PLANNING_HORIZON_MS } from '../platform/time/parse-time';
import { isClosedStage, OPEN_STAGES } from './stage-gates';

export const DEAL_CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD'] as const;
export const NAME_MAX_LENGTH = 120;
export const CLOSE_REASON_MAX_LENGTH = 500;
/**
 * A visit that wins or loses a deal says why in its summary: that is the deal's close reason, cut
 * to the length the deal's own form allows (the whole summary stays on the visit).
 */
export function closeReasonFromVisit(summary: string): string {
  const reason = summary.trim();
  return reason.length <= CLOSE_REASON_MAX_LENGTH
    ? reason
    : `${reason.slice(0, CLOSE_REASON_MAX_LENGTH - 1).trimEnd()}…`;
}
/** Up to a trillion in major units: far beyond any deal, well inside a safe integer of cents. */
const MAX_AMOUNT_CENTS = 100_000_000_000_000;
/** How far ahead a close may be expected (a long tender, not a typo of the year). */
const CLOSE_HORIZON_MS = 3 * PLANNING_HORIZON_MS;

const message = (key: MessageKey) => ({ message: key });

const name = z
  .string(message('deals.error.name'))
  .trim()
  .min(1, message('deals.error.name'))
  .max(NAME_MAX_LENGTH, message('deals.error.name'));
const currency = z.enum(DEAL_CURRENCIES, message('deals.error.currency'));
const amountCents = z
  .number(message('deals.error.amount'))
  .int(message('deals.error.amount'))
  .min(0, message('deals.error.amount'))
  .max(MAX_AMOUNT_CENTS, message('deals.error.amount'));
const formAmount = z.string(message('deals.error.amount')).transform((text, ctx) => {
  const cents = parseMajorUnits(text);
  if (cents === null || cents > MAX_AMOUNT_CENTS)
    ctx.addIssue({ code: 'custom', ...message('deals.error.amount') });
  return cents ?? 0;
});
const closeReason = z
  .string()
  .trim()
  .max(CLOSE_REASON_MAX_LENGTH, message('deals.error.closeReasonLong'));

/** A day (`YYYY-MM-DD`, the start of that day in `timeZone`) or an ISO time with offset. */
function closeDate(context: { timeZone: string; now: number }) {
  return z.string(message('deals.error.expectedClose')).transform((text, ctx) => {
    const at = parseDay(text, context.timeZone);
    if (at === null || at > context.now + CLOSE_HORIZON_MS) {
      ctx.addIssue({ code: 'custom', ...message('deals.error.expectedClose') });
      return 0;
    }
    return at;
  });
}

type Context = { timeZone: string; now: number };

function dealFields(context: Context) {
  return { name, currency, expectedCloseAt: closeDate(context) };
}

const openStage = z.enum(OPEN_STAGES as [DealStage, ...DealStage[]], message('deals.error.stage'));
const anyStage = z.enum(DEAL_STAGES, message('deals.error.stage'));

/** The create form (and the edit form, without the stage). */
export function dealFormSchema(context: Context) {
  return z
    .object({ ...dealFields(context), amount: formAmount, stage: openStage })
    .transform(({ amount, ...deal }) => ({ ...deal, amountCents: amount }));
}

export function dealEditFormSchema(context: Context) {
  return z
    .object({ ...dealFields(context), amount: formAmount })
    .transform(({ amount, ...deal }) => ({ ...deal, amountCents: amount }));
}

/** POST /api/v1/deals. */
export function dealCreateBody(context: Context) {
  return z
    .object({
      customerId: z.string().min(1).max(64).describe('The customer the deal is with.'),
      ...dealFields(context),
      amountCents: amountCents.describe('Integer minor units (fen, cents).'),
      stage: openStage.describe('Any stage before won and lost.'),
    })
    .strict();
}

/** A stage change (the page's form, or part of a PATCH): won and lost need a reason. */
export function requireCloseReason<T extends { stage?: DealStage; closeReason?: string }>(
  change: T,
  ctx: z.RefinementCtx,
) {
  if (change.stage && isClosedStage(change.stage) && !change.closeReason)
    ctx.addIssue({ code: 'custom', path: ['closeReason'], ...message('deals.error.closeReason') });
}

export const stageChangeForm = z
  .object({
    stage: anyStage,
    closeReason: z.preprocess((v) => (v === '' ? undefined : v), closeReason.optional()),
  })
  .superRefine(requireCloseReason);

/** PATCH /api/v1/deals/:id: any of the fields, and a stage with its reason. */
export function dealPatchBody(context: Context) {
  return z
    .object({
      name: name.optional(),
      amountCents: amountCents.optional(),
      currency: currency.optional(),
      expectedCloseAt: closeDate(context).optional(),
      stage: anyStage.optional(),
      closeReason: closeReason.optional(),
    })
    .strict()
    .superRefine(requireCloseReason);
}

export type DealFields = {
  name: string;
  amountCents: number;
  currency: string;
  expectedCloseAt: number;
};
export type DealChange = Partial<DealFields> & { stage?: DealStage; closeReason?: string };
