import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { getCustomer } from '../customers/queries';
import { DEAL_STAGES } from '../platform/db/schema';
import { HttpError, notFound } from '../platform/http/errors';
import { toLocalInputValue } from '../platform/http/format';
import { isHtmx } from '../platform/http/request';
import { validate } from '../platform/http/validate';
import type { MessageKey } from '../platform/i18n';
import { logVisit } from './log-visit';
import { afterResponse, queueTimersAfterVisit } from '../tasks/timers';
import { formStrings, readPhoto } from './read-submission';
import {
  fieldErrors,
  idempotencyKeySchema,
  SUMMARY_MIN_LENGTH,
  visitSchema,
  visitTime,
} from './visit-input';
import { VisitFormPage, type VisitFormValues } from '../../views/visits/visit-form';
import { customerIdParam } from '../customers/customer-input';
import { StageGateUnmet } from '../deals/gate-refusal';
import type { MissingRequirement } from '../deals/stage-gates';

const DAY = 86_400_000;

async function renderForm(
  c: Context<AppEnv>,
  customerId: string,
  values: VisitFormValues,
  errors: Record<string, MessageKey>,
  status: 200 | 400 | 422,
  stageMissing: MissingRequirement[] = [],
  refusal?: MessageKey,
) {
  const customer = await getCustomer(c.var.db, currentUser(c), customerId);
  if (!customer) throw notFound();
  const deals = customer.openDeals.map((deal) => ({
    id: deal.id,
    name: deal.name,
    stage: deal.stage,
  }));
  c.status(status);
  return c.render(
    <VisitFormPage
      customer={customer}
      deals={deals}
      values={values}
      errors={errors}
      stages={DEAL_STAGES}
      stageMissing={stageMissing}
      summaryMinLength={SUMMARY_MIN_LENGTH}
      refusal={refusal}
    />,
  );
}

/** Visits of one customer: the log-visit form and its submit. */
export const visitPages = new Hono<AppEnv>()
  .get(
    '/:id/visits/new',
    requireCapability('workAsRep'),
    validate('param', customerIdParam),
    async (c) => {
      const user = currentUser(c);
      const values = {
        idempotencyKey: crypto.randomUUID(),
        nextFollowUpAt: toLocalInputValue(Date.now() + 7 * DAY, user.timeZone),
      };
      return renderForm(c, c.req.valid('param').id, values, {}, 200);
    },
  )
  .post(
    '/:id/visits',
    requireCapability('workAsRep'),
    validate('param', customerIdParam),
    async (c) => {
      const user = currentUser(c);
      const now = Date.now();
      const customerId = c.req.valid('param').id;
      const { fields, body } = await formStrings(c);
      const values: VisitFormValues = { ...fields, idempotencyKey: fields.idempotencyKey ?? '' };
      const key = idempotencyKeySchema.safeParse(fields.idempotencyKey);
      if (!key.success)
        throw new HttpError(
          400,
          'invalid_idempotency_key',
          'The form is missing its submission key. Reload the form and try again.',
        );
      const visitedAt = visitTime(fields.recordedAt, now);
      const parsed = visitSchema({ timeZone: user.timeZone, now: visitedAt }).safeParse({
        ...fields,
        customerId,
      });
      const photo = await readPhoto(body.photo);
      const errors = {
        ...(parsed.success ? {} : fieldErrors(parsed.error.issues)),
        ...('error' in photo ? { photo: photo.error } : {}),
      };
      if (!parsed.success || 'error' in photo)
        return renderForm(c, customerId, values, errors, 422);
      try {
        const logged = await logVisit(
          c.var.db,
          c.env.FILES,
          user,
          { ...parsed.data, idempotencyKey: key.data, photo: photo.photo },
          visitedAt,
          { t: c.var.t, locale: c.var.locale },
        );
        afterResponse(c.executionCtx, queueTimersAfterVisit(c.env, logged));
      } catch (error) {
        if (error instanceof HttpError && error.code === 'customer_archived')
          return renderForm(c, customerId, values, {}, 422, [], 'visit.error.customerArchived');
        if (error instanceof HttpError && error.code === 'unknown_deal')
          return renderForm(c, customerId, values, { dealId: 'visit.error.unknownDeal' }, 422);
        if (error instanceof StageGateUnmet)
          return renderForm(
            c,
            customerId,
            values,
            { stage: 'deals.error.gate' },
            422,
            error.missing,
          );
        throw error;
      }
      return c.redirect(`/customers/${customerId}?saved=1`, 303);
    },
  );
