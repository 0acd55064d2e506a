/**
 * What a contract form and /api/v1/contracts accept. Both end as the same `ContractFields`
 * (money in minor units, dates as instants read in the customer's region time zone).
 */
import { z } from 'zod';
import type { MessageKey } from '../platform/i18n';
import {
  currencyField,
  dayField,
  majorUnitsField,
  parseMajorUnits,
} from '../platform/http/money-and-dates';
import { CONTRACT_ACTIONS } from './contract-status';
import { keysetCursor, pageLimit } from '../platform/db/keyset';

export type ContractSku = { sku: string; quantity: number; unitPriceCents: number };

export type ContractFields = {
  number: string;
  startAt: number;
  endAt: number;
  amountCents: number;
  currency: string;
  paymentTerms: string;
  renewalTerms: string | null;
  maintenanceStartAt: number | null;
  skus: ContractSku[];
};

const message = (key: MessageKey) => ({ message: key });
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const numberField = z
  .string(message('contract.error.number'))
  .trim()
  .min(1, message('contract.error.number'))
  .max(64, message('contract.error.number'));
const paymentTermsField = z
  .string(message('contract.error.paymentTerms'))
  .trim()
  .min(1, message('contract.error.paymentTerms'))
  .max(500, message('contract.error.paymentTerms'));
const renewalTermsField = z.preprocess(
  blankToUndefined,
  z.string().trim().max(500, message('contract.error.invalid')).optional(),
);

const dateField = (timeZone: string) => dayField(timeZone, 'contract.error.date');

/** End after start: checked on a create and on every edit (with the stored dates filled in). */
export function endsAfterStart(
  dates: { startAt: number; endAt: number },
  ctx: z.core.$RefinementCtx,
  path = 'endAt',
) {
  if (dates.endAt <= dates.startAt)
    ctx.addIssue({ code: 'custom', path: [path], ...message('contract.error.endBeforeStart') });
}

/** "product, quantity, unit price" per line of the form's textarea. */
function parseSkuLines(text: string): ContractSku[] | null {
  const skus: ContractSku[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const parts = line.split(/[,，]/).map((part) => part.trim());
    const [sku, quantityText, priceText] = parts;
    const quantity = Number(quantityText);
    const unitPriceCents = parseMajorUnits(priceText ?? '');
    if (parts.length !== 3 || !sku || !Number.isInteger(quantity) || quantity < 1) return null;
    if (unitPriceCents === null) return null;
    skus.push({ sku, quantity, unitPriceCents });
  }
  return skus;
}

/** The HTML form: strings, the value in major units, dates as `YYYY-MM-DD`. */
export function contractFormSchema(timeZone: string) {
  return z
    .object({
      number: numberField,
      startDate: dateField(timeZone),
      endDate: dateField(timeZone),
      value: majorUnitsField('contract.error.value'),
      currency: currencyField('contract.error.currency'),
      paymentTerms: paymentTermsField,
      renewalTerms: renewalTermsField,
      maintenanceStart: z.preprocess(blankToUndefined, dateField(timeZone).optional()),
      skus: z
        .string()
        .optional()
        .transform((text, ctx) => {
          const skus = parseSkuLines(text ?? '');
          if (!skus) ctx.addIssue({ code: 'custom', ...message('contract.error.skus') });
          return skus ?? [];
        }),
    })
    .superRefine((form, ctx) =>
      endsAfterStart({ startAt: form.startDate, endAt: form.endDate }, ctx, 'endDate'),
    )
    .transform((form): ContractFields => ({
      number: form.number,
      startAt: form.startDate,
      endAt: form.endDate,
      amountCents: form.value,
      currency: form.currency,
      paymentTerms: form.paymentTerms,
      renewalTerms: form.renewalTerms ?? null,
      maintenanceStartAt: form.maintenanceStart ?? null,
      skus: form.skus,
    }));
}

const skuSchema = z.object({
  sku: z.string().trim().min(1).max(100),
  quantity: z.number().int().min(1),
  unitPriceCents: z.number().int().min(0),
});

/** The API's fields: money in minor units, dates as `YYYY-MM-DD` (region zone) or ISO 8601. */
function apiFields(timeZone: string) {
  return {
    number: numberField,
    startAt: dateField(timeZone),
    endAt: dateField(timeZone),
    amountCents: z
      .number(message('contract.error.value'))
      .int()
      .min(0, message('contract.error.value')),
    currency: currencyField('contract.error.currency'),
    paymentTerms: paymentTermsField,
    renewalTerms: z.string().trim().max(500).nullable().optional(),
    maintenanceStartAt: dateField(timeZone).nullable().optional(),
    skus: z.array(skuSchema).max(100).optional(),
  };
}

/** The shape documented for `POST /api/v1/contracts` (dates read in UTC for the document only). */
export const contractCreateBody = z.object({
  customerId: z.string().min(1).max(64),
  dealId: z.string().min(1).max(64).optional(),
  ...apiFields('UTC'),
});

export function contractCreateSchema(timeZone: string) {
  return z
    .object({
      customerId: z.string().min(1).max(64),
      dealId: z.string().min(1).max(64).optional(),
      ...apiFields(timeZone),
    })
    .superRefine((body, ctx) => endsAfterStart(body, ctx));
}

export const contractPatchBody = z.object(apiFields('UTC')).partial();

export function contractPatchSchema(timeZone: string) {
  return z.object(apiFields(timeZone)).partial();
}

export const contractIdParam = z.object({ id: z.string().min(1).max(64) });

export const contractStatusBody = z.object({
  action: z.enum(CONTRACT_ACTIONS),
  /** Why a contract is terminated (required for `terminate`). */
  reason: z.string().trim().max(500).optional(),
  /** The contract that renews this one (required for `renew`). */
  renewedById: z.string().min(1).max(64).optional(),
});

/** The list's filter: a displayed status, everything not archived, or the archived ones. */
export const CONTRACT_LIST_FILTERS = [
  'active',
  'draft',
  'in_approval',
  'expired',
  'renewed',
  'terminated',
  'all',
  'archived',
] as const;
export type ContractListFilter = (typeof CONTRACT_LIST_FILTERS)[number];
export const CONTRACT_PAGE_SIZE = 25;

export const contractListQuery = z.object({
  status: z.enum(CONTRACT_LIST_FILTERS).default('active'),
  cursor: keysetCursor.optional(),
});

/** `GET /api/v1/contracts`: every current contract unless `status` narrows it, a page at a time. */
export const contractApiListQuery = z.object({
  status: z.enum(CONTRACT_LIST_FILTERS).default('all'),
  customerId: z.string().min(1).max(64).optional(),
  cursor: keysetCursor.optional(),
  limit: pageLimit(CONTRACT_PAGE_SIZE),
});
