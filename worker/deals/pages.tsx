import { and, asc, eq, isNull, lte, notInArray } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { mayPlaceRecord } from '../platform/access/policy';
import { inScope } from '../platform/access/scope';
import { customers, DEAL_STAGES, deals, type DealStage } from '../platform/db/schema';
import { HttpError, notFound } from '../platform/http/errors';
import { servePrivateFile } from '../platform/http/files';
import { dayInputValue, majorUnitsText } from '../platform/http/money-and-dates';
import { SUBMISSION_KEY_FIELD, submitOnce } from '../platform/http/submit-once';
import { validate } from '../platform/http/validate';
import type { MessageKey } from '../platform/i18n';
import { TIMER_KINDS } from '../../durable-objects/region-wall/timer-kinds';
import { StaleDealsPage } from '../../views/deals/deals';
import {
  DealPage,
  NewDealPage,
  type DealFormErrors,
  type DealFormOptions,
  type DealFormValues,
  type DealNotice,
} from '../../views/deals/deal-page';
import { fieldErrors } from '../visits/visit-input';
import { formStrings, readUpload } from '../visits/read-submission';
import { customerIdParam } from '../customers/customer-input';
import { customerForNewRecord } from '../contracts/contracts';
import { changeDeal, setDealArchived } from './change-deal';
import { CREATE_DEAL_ROUTE, prepareNewDeal } from './create-deal';
import { changeClockAfterResponse } from './deal-clock';
import {
  addDealDocument,
  dealFileFor,
  DOCUMENT_UPLOAD,
  NOTE_MAX_LENGTH,
  OTHER_KIND,
  type NewDocument,
} from './deal-documents';
import {
  CLOSE_REASON_MAX_LENGTH,
  DEAL_CURRENCIES,
  dealEditFormSchema,
  dealFormSchema,
  NAME_MAX_LENGTH,
  stageChangeForm,
} from './deal-input';
import { StageGateUnmet } from './gate-refusal';
import { getDeal } from './queries';
import { OPEN_STAGES, type MissingRequirement } from './stage-gates';

/** A deal is stale (and its owner reminded) once its first stale-deal step has passed. */
const STALE_AFTER = TIMER_KINDS.stale_deal.steps[0]!.after;

const dealParam = z.object({ id: z.string().min(1).max(64) });
const documentParams = z.object({ id: z.string().min(1).max(64), documentId: z.uuid() });
const noteForm = z.object({
  note: z
    .string({ message: 'deals.error.note' })
    .trim()
    .min(1, { message: 'deals.error.note' })
    .max(NOTE_MAX_LENGTH, { message: 'deals.error.note' }),
});
const NOTICES = ['saved', 'document', 'note'] as const;

const formOptions = (stages: readonly DealStage[]): DealFormOptions => ({
  stages,
  currencies: DEAL_CURRENCIES,
  nameMaxLength: NAME_MAX_LENGTH,
  closeReasonMaxLength: CLOSE_REASON_MAX_LENGTH,
  noteMaxLength: NOTE_MAX_LENGTH,
  accept: DOCUMENT_UPLOAD.types.join(','),
  otherKind: OTHER_KIND,
});

/** The deal page, with a refused form's values, messages and missing gate items when there are. */
async function renderDeal(
  c: Context<AppEnv>,
  id: string,
  refused?: {
    values: DealFormValues;
    errors: DealFormErrors;
    missing?: MissingRequirement[];
  },
) {
  const deal = await getDeal(c.var.db, currentUser(c), id);
  if (!deal) throw notFound();
  const saved = c.req.query('saved');
  const values: DealFormValues = {
    name: deal.name,
    amount: majorUnitsText(deal.amountCents),
    currency: deal.currency,
    expectedCloseAt: dayInputValue(deal.expectedCloseAt, deal.timeZone),
    stage: deal.stage,
    ...refused?.values,
  };
  if (refused) c.status(422);
  return c.render(
    <DealPage
      deal={deal}
      options={formOptions(DEAL_STAGES)}
      values={values}
      errors={refused?.errors ?? {}}
      missing={refused?.missing ?? []}
      notice={
        (NOTICES as readonly string[]).includes(saved ?? '') ? (saved as DealNotice) : undefined
      }
      preselectKind={c.req.query('kind')}
    />,
  );
}

/** A refused stage change, shown at the stage field with what is missing. */
function gateErrors(error: StageGateUnmet) {
  return { errors: { stage: 'deals.error.gate' as MessageKey }, missing: error.missing };
}

const reader = (c: Context<AppEnv>) => ({ t: c.var.t, locale: c.var.locale });

/**
 * `/deals/stale`: the caller's open deals without progress, oldest first. `/deals/:id`: the
 * deal's page, and the forms that change it (each answering with the page again when refused).
 */
export const dealPages = new Hono<AppEnv>()
  .get('/stale', async (c) => {
    const now = Date.now();
    const rows = await c.var.db
      .select({
        id: deals.id,
        name: deals.name,
        stage: deals.stage,
        lastProgressAt: deals.lastProgressAt,
        customerId: customers.id,
        customerName: customers.name,
      })
      .from(deals)
      .innerJoin(customers, eq(customers.id, deals.customerId))
      .where(
        and(
          inScope(currentUser(c), 'deals'),
          notInArray(deals.stage, ['won', 'lost']),
          isNull(deals.archivedAt),
          isNull(customers.archivedAt),
          lte(deals.lastProgressAt, now - STALE_AFTER),
        ),
      )
      .orderBy(asc(deals.lastProgressAt))
      .limit(500);
    return c.render(<StaleDealsPage deals={rows} staleAfter={STALE_AFTER} />);
  })
  .get('/:id', validate('param', dealParam), (c) => renderDeal(c, c.req.valid('param').id))
  .post('/:id', validate('param', dealParam), async (c) => {
    const { id } = c.req.valid('param');
    const user = currentUser(c);
    const { fields } = await formStrings(c);
    const deal = await getDeal(c.var.db, user, id);
    if (!deal?.editable) throw notFound();
    const parsed = dealEditFormSchema({ timeZone: deal.timeZone, now: Date.now() }).safeParse(
      fields,
    );
    if (!parsed.success)
      return renderDeal(c, id, { values: fields, errors: fieldErrors(parsed.error.issues) });
    await changeDeal(c.var.db, user, id, parsed.data, Date.now(), reader(c));
    return c.redirect(`/deals/${id}?saved=saved`, 303);
  })
  .post('/:id/stage', validate('param', dealParam), async (c) => {
    const { id } = c.req.valid('param');
    const { fields } = await formStrings(c);
    const parsed = stageChangeForm.safeParse(fields);
    if (!parsed.success)
      return renderDeal(c, id, { values: fields, errors: fieldErrors(parsed.error.issues) });
    try {
      const changed = await changeDeal(
        c.var.db,
        currentUser(c),
        id,
        parsed.data,
        Date.now(),
        reader(c),
      );
      changeClockAfterResponse(c, changed.clock);
    } catch (error) {
      if (error instanceof StageGateUnmet)
        return renderDeal(c, id, { values: fields, ...gateErrors(error) });
      throw error;
    }
    return c.redirect(`/deals/${id}?saved=saved`, 303);
  })
  .post('/:id/documents', validate('param', dealParam), async (c) => {
    const { id } = c.req.valid('param');
    const { fields, body } = await formStrings(c);
    const upload = await readUpload(body.file, DOCUMENT_UPLOAD);
    if ('error' in upload || !upload.file)
      return renderDeal(c, id, { values: fields, errors: { file: 'deals.error.file' } });
    const input: NewDocument = {
      kind: 'file',
      documentKind: fields.documentKind ?? '',
      file: upload.file,
    };
    try {
      await addDealDocument(c.var.db, c.env.FILES, currentUser(c), id, input, Date.now());
    } catch (error) {
      if (error instanceof HttpError && error.code === 'unknown_document_kind')
        return renderDeal(c, id, { values: fields, errors: { documentKind: 'deals.error.kind' } });
      throw error;
    }
    return c.redirect(`/deals/${id}?saved=document`, 303);
  })
  .post('/:id/notes', validate('param', dealParam), async (c) => {
    const { id } = c.req.valid('param');
    const { fields } = await formStrings(c);
    const parsed = noteForm.safeParse(fields);
    if (!parsed.success)
      return renderDeal(c, id, { values: fields, errors: fieldErrors(parsed.error.issues) });
    await addDealDocument(
      c.var.db,
      c.env.FILES,
      currentUser(c),
      id,
      { kind: 'note', note: parsed.data.note },
      Date.now(),
    );
    return c.redirect(`/deals/${id}?saved=note`, 303);
  })
  .post('/:id/archive', validate('param', dealParam), async (c) => {
    const { id } = c.req.valid('param');
    const changed = await setDealArchived(c.var.db, currentUser(c), id, true, Date.now());
    changeClockAfterResponse(c, changed.clock);
    return c.redirect(`/deals/${id}`, 303);
  })
  .post('/:id/restore', validate('param', dealParam), async (c) => {
    const { id } = c.req.valid('param');
    const changed = await setDealArchived(c.var.db, currentUser(c), id, false, Date.now());
    changeClockAfterResponse(c, changed.clock);
    return c.redirect(`/deals/${id}`, 303);
  })
  .get('/:id/documents/:documentId', validate('param', documentParams), async (c) => {
    const { id, documentId } = c.req.valid('param');
    const file = await dealFileFor(c.var.db, currentUser(c), id, documentId);
    if (!file) throw notFound();
    return servePrivateFile(c, file.key, { fileName: file.fileName });
  });

/** The customer a new deal goes on, with its region's time zone, if the viewer may put one there. */
async function customerForNewDeal(c: Context<AppEnv>, customerId: string) {
  const user = currentUser(c);
  const customer = await customerForNewRecord(c.var.db, user, customerId);
  if (!customer || !mayPlaceRecord(user, 'deals', customer)) throw notFound();
  return customer;
}

/** `/customers/:id/deals/new` and its submit: a new deal, created once per form. */
export const customerDealPages = new Hono<AppEnv>()
  .get('/:id/deals/new', validate('param', customerIdParam), async (c) => {
    const customer = await customerForNewDeal(c, c.req.valid('param').id);
    return c.render(
      <NewDealPage
        customer={customer}
        options={formOptions(OPEN_STAGES)}
        values={{ currency: 'CNY', stage: OPEN_STAGES[0] }}
        errors={{}}
        missing={[]}
      />,
    );
  })
  .post('/:id/deals', validate('param', customerIdParam), async (c) => {
    const customer = await customerForNewDeal(c, c.req.valid('param').id);
    const { fields, body } = await formStrings(c);
    const refuse = (errors: DealFormErrors, missing: MissingRequirement[] = []) => {
      c.status(422);
      return c.render(
        <NewDealPage
          customer={customer}
          options={formOptions(OPEN_STAGES)}
          values={fields}
          errors={errors}
          missing={missing}
        />,
      );
    };
    let clock: Awaited<ReturnType<typeof prepareNewDeal>>['clock'] = null;
    let location = '';
    const response = await submitOnce(
      c,
      CREATE_DEAL_ROUTE,
      body[SUBMISSION_KEY_FIELD],
      async () => {
        const now = Date.now();
        const parsed = dealFormSchema({ timeZone: customer.timeZone, now }).safeParse(fields);
        if (!parsed.success) return refuse(fieldErrors(parsed.error.issues));
        try {
          const created = await prepareNewDeal(
            c.var.db,
            currentUser(c),
            customer.id,
            parsed.data,
            now,
            reader(c),
          );
          clock = created.clock;
          location = `/deals/${created.deal.id}`;
          return { location, statements: created.statements };
        } catch (error) {
          if (error instanceof StageGateUnmet)
            return refuse(gateErrors(error).errors, error.missing);
          throw error;
        }
      },
    );
    // Only when this submit created the deal (not a replay or a racing twin's redirect).
    if (clock && response.headers.get('location') === location) changeClockAfterResponse(c, clock);
    return response;
  });
