import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { HttpError, notFound } from '../platform/http/errors';
import { readForm } from '../platform/http/request';
import { submitOnce } from '../platform/http/submit-once';
import { validate } from '../platform/http/validate';
import { dayInputValue, parseDay } from '../platform/http/money-and-dates';
import type { MessageKey } from '../platform/i18n';
import { ORDER_STATUSES } from '../platform/db/schema';
import { formStrings } from '../visits/read-submission';
import { customerIdParam } from '../customers/customer-input';
import { customerForNewRecord, type RecordCustomer } from '../contracts/contracts';
import {
  FORM_LINE_ROWS,
  MAX_LINES,
  orderIdParam,
  paymentFormSchema,
  paymentParams,
  readOrderForm,
} from './order-input';
import {
  addPayment,
  contractChoices,
  createOrder,
  getOrder,
  markPaymentPaid,
  setOrderArchived,
  updateOrder,
} from './orders';
import { OrderFormPage } from '../../views/orders/order-form';
import { OrderPage } from '../../views/orders/order-page';

async function renderOrderForm(
  c: Context<AppEnv>,
  customer: RecordCustomer,
  values: Record<string, string>,
  rows: number,
  errors: Record<string, MessageKey>,
) {
  const contracts = await contractChoices(c.var.db, customer.id);
  c.status(Object.keys(errors).length > 0 ? 422 : 200);
  return c.render(
    <OrderFormPage
      customer={customer}
      contracts={contracts}
      values={values}
      rows={rows}
      errors={errors}
    />,
  );
}

/** `/customers/:id/orders/new` and its submit. */
export const customerOrderPages = new Hono<AppEnv>()
  .get(
    '/:id/orders/new',
    validate('param', customerIdParam),
    validate('query', z.object({ contractId: z.string().max(64).optional() })),
    async (c) => {
      const customer = await customerForNewRecord(
        c.var.db,
        currentUser(c),
        c.req.valid('param').id,
      );
      if (!customer) throw notFound();
      const values = {
        orderedDate: dayInputValue(Date.now(), customer.timeZone),
        currency: 'CNY',
        contractId: c.req.valid('query').contractId ?? '',
      };
      return renderOrderForm(c, customer, values, FORM_LINE_ROWS, {});
    },
  )
  .post('/:id/orders', validate('param', customerIdParam), async (c) => {
    const user = currentUser(c);
    const customerId = c.req.valid('param').id;
    const { fields } = await formStrings(c);
    return submitOnce(c, `/customers/${customerId}/orders`, fields.submissionKey, async () => {
      const customer = await customerForNewRecord(c.var.db, user, customerId);
      if (!customer) throw notFound();
      const shown = Math.min(MAX_LINES, Math.max(FORM_LINE_ROWS, Number(fields.lineRows) || 0));
      // "Add a line" without JS: the same form again, one row longer, nothing saved.
      if (fields.addLine)
        return renderOrderForm(c, customer, fields, Math.min(MAX_LINES, shown + 1), {});
      const read = readOrderForm(fields, customer.timeZone);
      if ('errors' in read) return renderOrderForm(c, customer, fields, shown, read.errors);
      const created = await createOrder(c.var.db, user, customer, read.input);
      if ('refused' in created) {
        if (!created.field) throw notFound();
        return renderOrderForm(c, customer, fields, shown, { [created.field]: created.refused });
      }
      return { location: `/orders/${created.id}?saved=1`, statements: created.statements };
    });
  });

async function orderPage(c: Context<AppEnv>, id: string, error?: MessageKey) {
  const order = await getOrder(c.var.db, currentUser(c), id);
  if (!order) throw notFound();
  if (error) c.status(422);
  const notice = c.req.query('saved') ? c.var.t('order.saved') : undefined;
  const today = dayInputValue(Date.now(), order.timeZone);
  return c.render(<OrderPage order={order} today={today} notice={notice} error={error} />);
}

/** The answer to a change: back to the order, or its page with the reason it was refused. */
function afterChange(
  c: Context<AppEnv>,
  id: string,
  result: { refused: MessageKey } | object | null | boolean,
) {
  if (!result) throw notFound();
  if (typeof result === 'object' && 'refused' in result) return orderPage(c, id, result.refused);
  return c.redirect(`/orders/${id}?saved=1`, 303);
}

/** `/orders/:id`: one order and its changes (edit scope only). */
export const orderPages = new Hono<AppEnv>()
  .use(requireCapability('browseCustomers'))
  .get('/:id', validate('param', orderIdParam), (c) => orderPage(c, c.req.valid('param').id))
  .post('/:id/status', validate('param', orderIdParam), async (c) => {
    const id = c.req.valid('param').id;
    const status = z.enum(ORDER_STATUSES).safeParse((await readForm(c)).status);
    if (!status.success) throw new HttpError(400, 'invalid_request', 'Unknown order status.');
    return afterChange(
      c,
      id,
      await updateOrder(c.var.db, currentUser(c), id, { status: status.data }),
    );
  })
  .post('/:id/payments', validate('param', orderIdParam), async (c) => {
    const id = c.req.valid('param').id;
    const user = currentUser(c);
    const order = await getOrder(c.var.db, user, id);
    if (!order) throw notFound();
    const parsed = paymentFormSchema(order.timeZone).safeParse(await readForm(c));
    if (!parsed.success)
      return orderPage(
        c,
        id,
        (parsed.error.issues[0]?.message ?? 'order.error.invalid') as MessageKey,
      );
    const { amount, dueDate } = parsed.data;
    return afterChange(
      c,
      id,
      await addPayment(c.var.db, user, id, { amountCents: amount, dueAt: dueDate }),
    );
  })
  .post('/:id/payments/:paymentId/paid', validate('param', paymentParams), async (c) => {
    const { id, paymentId } = c.req.valid('param');
    const user = currentUser(c);
    const order = await getOrder(c.var.db, user, id);
    if (!order) throw notFound();
    const paidDate = (await readForm(c)).paidDate;
    const paidAt = typeof paidDate === 'string' ? parseDay(paidDate, order.timeZone) : null;
    if (paidAt === null) return orderPage(c, id, 'order.error.date');
    return afterChange(c, id, await markPaymentPaid(c.var.db, user, id, paymentId, paidAt));
  })
  .post('/:id/archive', validate('param', orderIdParam), async (c) => {
    const id = c.req.valid('param').id;
    return afterChange(c, id, await setOrderArchived(c.var.db, currentUser(c), id, true));
  })
  .post('/:id/restore', validate('param', orderIdParam), async (c) => {
    const id = c.req.valid('param').id;
    return afterChange(c, id, await setOrderArchived(c.var.db, currentUser(c), id, false));
  });
