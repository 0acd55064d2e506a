import { Hono, type Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { notFound } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import { submitOnce } from '../platform/http/submit-once';
import type { MessageKey } from '../platform/i18n';
import { formStrings } from '../visits/read-submission';
import { afterResponse, startTimers, stopLeadClock } from '../tasks/timers';
import { customerFromForm, customerInput } from '../customers/customer-input';
import { LeadPage } from '../../views/leads/lead';
import type { LeadConversionView } from '../../views/leads/lead-conversion';
import { getLead } from './queries';
import { leadConversionView } from './conversion-view';
import type { CustomerFormValues } from '../../views/customers/customer-form';
import { amountToCents, convertDealInput, disqualifyInput, leadIdParam } from './lead-input';
import { attachToCustomer, convertToNewCustomer, disqualify, type LeadClosing } from './conversion';
import { fieldErrors } from '../visits/visit-input';

async function renderRefused(
  c: Context<AppEnv>,
  leadId: string,
  failed: NonNullable<LeadConversionView['failed']>,
  values: CustomerFormValues,
  errors: Record<string, MessageKey>,
) {
  const lead = await getLead(c.var.db, currentUser(c), leadId);
  if (!lead) throw notFound();
  const conversion = await leadConversionView(c, lead, { values, errors, failed });
  c.status(422);
  return c.render(<LeadPage lead={lead} touched={false} conversion={conversion} />);
}

/**
 * After the response: the lead's first-touch clock stops, a new deal's clock starts. (Queued from
 * inside the submit; should its batch lose a race to a twin, the twin did the same.)
 */
function afterClosing(
  c: Context<AppEnv>,
  closing: Pick<LeadClosing, 'regionId' | 'leadId' | 'timers'>,
) {
  afterResponse(
    c.executionCtx,
    (async () => {
      await stopLeadClock(c.env, closing.regionId, closing.leadId);
      if (closing.regionId && closing.timers.length > 0)
        await startTimers(c.env, closing.regionId, closing.timers);
    })(),
  );
}

/** The optional first deal from the form: none when its fields are blank. */
function dealFromForm(
  fields: Record<string, string>,
):
  | { deal: { name: string; amountCents: number; currency: string } | null }
  | { errors: Record<string, MessageKey> } {
  const name = fields['deal.name']?.trim() ?? '';
  const amount = fields['deal.amount']?.trim() ?? '';
  if (!name && !amount) return { deal: null };
  const cents = amountToCents(amount);
  if (cents === null)
    return { errors: { 'deal.amount': 'lead.convert.error.amount' as MessageKey } };
  const parsed = convertDealInput.safeParse({
    name,
    amountCents: cents,
    currency: fields['deal.currency'] || 'CNY',
  });
  return parsed.success
    ? { deal: parsed.data }
    : { errors: fieldErrors(parsed.error.issues, 'customer.error.invalid', 'path') };
}

/** The lead page's convert, attach and disqualify forms (POST-redirect-GET, one record per submit key). */
export const leadConversionPages = new Hono<AppEnv>()
  .post('/:id/convert', validate('param', leadIdParam), async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    const { fields } = await formStrings(c);
    return submitOnce(c, `leads.convert.${id}`, fields.submissionKey, async () => {
      const parsed = customerInput.safeParse(customerFromForm(fields));
      const deal = dealFromForm(fields);
      const errors = {
        ...(parsed.success
          ? {}
          : fieldErrors(parsed.error.issues, 'customer.error.invalid', 'path')),
        ...('errors' in deal ? prefixed(deal.errors) : {}),
      };
      if (!parsed.success || 'errors' in deal)
        return renderRefused(c, id, 'convert', fields, errors);
      const closing = await convertToNewCustomer(
        c.var.db,
        user,
        id,
        { customer: parsed.data, deal: deal.deal },
        Date.now(),
      );
      if (!closing) throw notFound();
      if ('errors' in closing) return renderRefused(c, id, 'convert', fields, closing.errors);
      afterClosing(c, closing);
      const customerId = (closing.body.lead as { customerId: string }).customerId;
      return {
        location: `/customers/${customerId}?saved=converted`,
        statements: closing.statements,
      };
    });
  })
  .post('/:id/attach', validate('param', leadIdParam), async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    const { fields } = await formStrings(c);
    return submitOnce(c, `leads.attach.${id}`, fields.submissionKey, async () => {
      const closing = await attachToCustomer(
        c.var.db,
        user,
        id,
        fields.customerId ?? '',
        Date.now(),
      );
      if (!closing) throw notFound();
      if ('errors' in closing) return renderRefused(c, id, 'attach', fields, closing.errors);
      afterClosing(c, closing);
      return {
        location: `/customers/${encodeURIComponent(fields.customerId ?? '')}?saved=converted`,
        statements: closing.statements,
      };
    });
  })
  .post('/:id/disqualify', validate('param', leadIdParam), async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    const { fields } = await formStrings(c);
    const parsed = disqualifyInput.safeParse(fields);
    if (!parsed.success)
      return renderRefused(c, id, 'disqualify', fields, { reason: 'lead.disqualify.error.reason' });
    const outcome = await disqualify(c.var.db, user, id, parsed.data.reason, Date.now());
    if (!outcome) throw notFound();
    if (outcome.changed) afterClosing(c, { regionId: outcome.regionId, leadId: id, timers: [] });
    return c.redirect(`/leads/${encodeURIComponent(id)}`, 303);
  });

/** Deal field errors under the form's field names (`deal.amountCents` is typed as `deal.amount`). */
function prefixed(errors: Record<string, MessageKey>): Record<string, MessageKey> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, key]) => [
      field.startsWith('deal.') ? field : `deal.${field === 'amountCents' ? 'amount' : field}`,
      key,
    ]),
  );
}
