/**
 * What the order form and /api/v1/orders accept. Both end as `OrderInput`: money in minor units,
 * the order date an instant read in the customer's region time zone, at least one line.
 */
import { z } from 'zod';
import { keysetCursor, pageLimit } from '../platform/db/keyset';
import { ORDER_STATUSES } from '../platform/db/schema';
import type { MessageKey } from '../platform/i18n';
import { currencyField, dayField, majorUnitsField } from '../platform/http/money-and-dates';

export type OrderLineInput = { product: string; quantity: number; unitPriceCents: number };
export type OrderInput = {
  orderedAt: number;
  currency: string;
  contractId: string | null;
  lines: OrderLineInput[];
  /** A payment of the whole amount due then, created with the order. */
  paymentDueAt: number | null;
};

/** Line rows on a new form; "Add a line" re-renders with one more (up to the most we read). */
export const FORM_LINE_ROWS = 3;
export const MAX_LINES = 50;

const message = (key: MessageKey) => ({ message: key });

const productField = z
  .string(message('order.error.product'))
  .trim()
  .min(1, message('order.error.product'))
  .max(200, message('order.error.product'));
const quantityField = z.coerce
  .number(message('order.error.quantity'))
  .int(message('order.error.quantity'))
  .min(1, message('order.error.quantity'))
  .max(1_000_000, message('order.error.quantity'));
const centsField = (key: MessageKey) =>
  z.number(message(key)).int(message(key)).min(0, message(key)).max(1e15, message(key));
const optionalId = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z.string().max(64).optional(),
);

const formLine = z.object({
  product: productField,
  quantity: quantityField,
  unitPrice: majorUnitsField('order.error.unitPrice'),
});

/**
 * The form's fields: `orderedDate`, `currency`, `contractId`, `paymentDue` and rows of
 * `lines.<i>.product|quantity|unitPrice`. Blank rows are skipped; errors keep the row's index.
 */
export function readOrderForm(
  fields: Record<string, string>,
  timeZone: string,
): { input: OrderInput } | { errors: Record<string, MessageKey> } {
  const errors: Record<string, MessageKey> = {};
  const head = z
    .object({
      orderedDate: dayField(timeZone, 'order.error.date'),
      currency: currencyField('order.error.currency'),
      contractId: optionalId,
      paymentDue: z.preprocess(
        (v) => (v === '' ? undefined : v),
        dayField(timeZone, 'order.error.date').optional(),
      ),
    })
    .safeParse(fields);
  if (!head.success)
    for (const issue of head.error.issues)
      errors[String(issue.path[0])] ??= issue.message as MessageKey;
  const lines: OrderLineInput[] = [];
  for (let i = 0; i < MAX_LINES; i++) {
    const row = ['product', 'quantity', 'unitPrice'].map((f) => fields[`lines.${i}.${f}`] ?? '');
    if (row.every((value) => value.trim() === '')) continue;
    const [product, quantity, unitPrice] = row;
    const line = formLine.safeParse({ product, quantity, unitPrice });
    if (line.success)
      lines.push({
        product: line.data.product,
        quantity: line.data.quantity,
        unitPriceCents: line.data.unitPrice,
      });
    else
      for (const issue of line.error.issues)
        errors[`lines.${i}.${String(issue.path[0])}`] ??= issue.message as MessageKey;
  }
  if (lines.length === 0 && Object.keys(errors).every((field) => !field.startsWith('lines.')))
    errors.lines = 'order.error.lines';
  if (!head.success || Object.keys(errors).length > 0) return { errors };
  return {
    input: {
      orderedAt: head.data.orderedDate,
      currency: head.data.currency,
      contractId: head.data.contractId ?? null,
      lines,
      paymentDueAt: head.data.paymentDue ?? null,
    },
  };
}

const apiLine = z.object({
  product: productField,
  quantity: z
    .number(message('order.error.quantity'))
    .int(message('order.error.quantity'))
    .min(1, message('order.error.quantity')),
  unitPriceCents: centsField('order.error.unitPrice'),
});

function apiFields(timeZone: string) {
  return {
    contractId: z.string().min(1).max(64).nullable().optional(),
    orderedAt: dayField(timeZone, 'order.error.date'),
    currency: currencyField('order.error.currency'),
    lines: z.array(apiLine).min(1, message('order.error.lines')).max(MAX_LINES),
  };
}

export function orderCreateSchema(timeZone: string) {
  return z.object({
    customerId: z.string().min(1).max(64),
    ...apiFields(timeZone),
    paymentDueAt: dayField(timeZone, 'order.error.date').optional(),
  });
}
/** For the OpenAPI document (dates read in UTC there only). */
export const orderCreateBody = orderCreateSchema('UTC');

export function orderPatchSchema(timeZone: string) {
  return z
    .object({ ...apiFields(timeZone), status: z.enum(ORDER_STATUSES) })
    .partial()
    .strict();
}
export const orderPatchBody = orderPatchSchema('UTC');

export function paymentCreateSchema(timeZone: string) {
  return z.object({
    amountCents: centsField('order.error.amount').min(1, message('order.error.amount')),
    dueAt: dayField(timeZone, 'order.error.date'),
  });
}
export const paymentCreateBody = paymentCreateSchema('UTC');

export function paymentPatchSchema(timeZone: string) {
  return z.object({ paidAt: dayField(timeZone, 'order.error.date') });
}
export const paymentPatchBody = paymentPatchSchema('UTC');

/** The page forms for a payment: the amount in major units, dates as `YYYY-MM-DD`. */
export function paymentFormSchema(timeZone: string) {
  return z.object({
    amount: majorUnitsField('order.error.amount').refine(
      (cents) => cents > 0,
      message('order.error.amount'),
    ),
    dueDate: dayField(timeZone, 'order.error.date'),
  });
}

export const orderIdParam = z.object({ id: z.string().min(1).max(64) });

export const ORDER_PAGE_SIZE = 25;
/** `GET /api/v1/orders`: current orders (optionally of one customer), a page at a time. */
export const orderListQuery = z.object({
  customerId: z.string().min(1).max(64).optional(),
  cursor: keysetCursor.optional(),
  limit: pageLimit(ORDER_PAGE_SIZE),
});
export const paymentParams = z.object({
  id: z.string().min(1).max(64),
  paymentId: z.string().min(1).max(64),
});
