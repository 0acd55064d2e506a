import { Hono } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { documented } from '../platform/http/api-doc';
import { createOnceFromApi, idempotencyKeyHeader } from '../platform/http/create-once';
import { HttpError, notFound } from '../platform/http/errors';
import { readJson } from '../platform/http/request';
import { validate } from '../platform/http/validate';
import { translator } from '../platform/i18n';
import { afterResponse, startTimers, stopLeadClock } from '../tasks/timers';
import { getLead } from './queries';
import { convertLeadBody, disqualifyInput, leadIdParam, parseConvertLeadBody } from './lead-input';
import { attachToCustomer, convertToNewCustomer, disqualify, type LeadClosing } from './conversion';

const english = translator('en');

function invalid(issues: { path: PropertyKey[] | string; message: string }[]) {
  const details = issues.map((issue) => ({
    path: Array.isArray(issue.path) ? issue.path.map(String).join('.') : issue.path,
    message: /^(customer|lead)\./.test(issue.message)
      ? english(issue.message as 'customer.error.invalid')
      : issue.message,
  }));
  return new HttpError(
    422,
    'invalid_conversion',
    details.map((d) => `${d.path}: ${d.message}`).join('; ') || 'Invalid request.',
    details,
  );
}

/** `POST /api/v1/leads/:id/convert` and `/disqualify`: the lead page's forms for API callers. */
export const leadConversionApi = new Hono<AppEnv>()
  .post(
    '/:id/convert',
    documented({
      summary:
        'Convert a lead: `{customer, contact?, deal?}` makes a new customer (the lead’s person as first contact, an optional first deal in stage qualify with `amountCents` and `currency`); `{customerId}` attaches it to an existing customer. Stops its first-touch clock.',
      params: leadIdParam,
      headers: [idempotencyKeyHeader],
      body: { json: convertLeadBody },
      responses: {
        '201': { description: '`{ lead, customer?, customerId?, dealId? }`' },
        '200': { description: 'A replay of the same Idempotency-Key' },
      },
      errors: {
        '404': '`not_found`: no such lead in your scope',
        '409': '`lead_closed`: the lead is already converted or disqualified',
        '422': '`invalid_conversion`: `details` lists each field and its problem',
      },
    }),
    validate('param', leadIdParam),
    async (c) => {
      const user = currentUser(c);
      const { id } = c.req.valid('param');
      let closing: LeadClosing | undefined;
      const response = await createOnceFromApi(c, `api.leads.convert.${id}`, async () => {
        const parsed = parseConvertLeadBody(await readJson(c));
        if (!parsed.success) throw invalid(parsed.error.issues);
        const input = parsed.data;
        const outcome =
          'customerId' in input
            ? await attachToCustomer(c.var.db, user, id, input.customerId, Date.now())
            : await convertToNewCustomer(
                c.var.db,
                user,
                id,
                {
                  customer: { ...input.customer, contact: input.contact ?? null },
                  deal: input.deal,
                },
                Date.now(),
              );
        if (!outcome) throw notFound();
        if ('errors' in outcome)
          throw invalid(
            Object.entries(outcome.errors).map(([path, message]) => ({ path, message })),
          );
        closing = outcome;
        return { body: outcome.body, statements: outcome.statements };
      });
      if (closing && response.status === 201) {
        const { regionId, leadId, timers } = closing;
        afterResponse(
          c.executionCtx,
          (async () => {
            await stopLeadClock(c.env, regionId, leadId);
            if (regionId && timers.length > 0) await startTimers(c.env, regionId, timers);
          })(),
        );
      }
      return response;
    },
  )
  .post(
    '/:id/disqualify',
    documented({
      summary:
        'Disqualify a lead with a reason (stops its first-touch clock; a repeat changes nothing)',
      params: leadIdParam,
      body: { json: disqualifyInput },
      responses: { '200': { description: 'The lead' } },
      errors: {
        '404': '`not_found`: no such lead in your scope',
        '409': '`lead_closed`: the lead is already converted',
        '422': '`invalid_conversion`: the reason is missing',
      },
    }),
    validate('param', leadIdParam),
    async (c) => {
      const user = currentUser(c);
      const { id } = c.req.valid('param');
      const parsed = disqualifyInput.safeParse(await readJson(c));
      if (!parsed.success) throw invalid(parsed.error.issues);
      const outcome = await disqualify(c.var.db, user, id, parsed.data.reason, Date.now());
      if (!outcome) throw notFound();
      if (outcome.changed)
        afterResponse(c.executionCtx, stopLeadClock(c.env, outcome.regionId, id));
      return c.json(await getLead(c.var.db, user, id));
    },
  );
