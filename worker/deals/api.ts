import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { documented } from '../platform/http/api-doc';
import { createOnceFromApi, idempotencyKeyHeader } from '../platform/http/create-once';
import { HttpError, notFound } from '../platform/http/errors';
import { readForm, readJson } from '../platform/http/request';
import { invalidRequest, validate } from '../platform/http/validate';
import { readUpload } from '../visits/read-submission';
import { changeDeal, setDealArchived } from './change-deal';
import { dealJson, prepareNewDeal } from './create-deal';
import { changeClockAfterResponse, type ClockChange } from './deal-clock';
import {
  addDealDocument,
  DOCUMENT_UPLOAD,
  NOTE_MAX_LENGTH,
  type NewDocument,
} from './deal-documents';
import { dealCreateBody, dealPatchBody } from './deal-input';
import { getDeal } from './queries';

const API_CREATE_ROUTE = 'api.deals.create';
const dealParam = z.object({ id: z.string().min(1).max(64) });
/** For the OpenAPI document only: the schemas' shape does not depend on the clock. */
const docContext = { timeZone: 'UTC', now: 0 };
const noteBody = z.object({ note: z.string().trim().min(1).max(NOTE_MAX_LENGTH) }).strict();
const gateMissing =
  "`stage_gate_unmet`: the stage's gates are not met; `details.missing` lists each requirement (`document` with `documentKind` and labels, `note`, or `contact_role` with `contactRole`)";

/** 400 with each field's message in the caller's language. */
async function jsonBody<T extends z.ZodType>(c: Context<AppEnv>, schema: T): Promise<z.output<T>> {
  const parsed = schema.safeParse(await readJson(c));
  if (!parsed.success) throw invalidRequest(parsed.error.issues, c.var.t);
  return parsed.data;
}

const reader = (c: Context<AppEnv>) => ({ t: c.var.t, locale: c.var.locale });

/** Archive (`true`) or restore: the deal after it, its reminder clock stopped or started. */
const archiveRoute = (archive: boolean) => async (c: Context<AppEnv>) => {
  const changed = await setDealArchived(
    c.var.db,
    currentUser(c),
    c.req.param('id') ?? '',
    archive,
    Date.now(),
  );
  changeClockAfterResponse(c, changed.clock);
  return c.json(dealJson(changed.deal));
};

/** `/api/v1/deals`: the same rules, scope, gates and audit entries as the deal pages. */
export const dealApi = new Hono<AppEnv>()
  .post(
    '/',
    documented({
      summary: 'Create a deal on a customer (owned by the customer’s owner)',
      headers: [idempotencyKeyHeader],
      body: { json: dealCreateBody(docContext) },
      responses: {
        '201': { description: 'The deal' },
        '200': { description: 'Replayed: the deal this key created' },
      },
      errors: { '422': gateMissing },
    }),
    async (c) => {
      let clock: ClockChange = null;
      const response = await createOnceFromApi(c, API_CREATE_ROUTE, async () => {
        const now = Date.now();
        const { customerId, ...fields } = await jsonBody(
          c,
          dealCreateBody({ timeZone: currentUser(c).timeZone, now }),
        );
        const created = await prepareNewDeal(
          c.var.db,
          currentUser(c),
          customerId,
          fields,
          now,
          reader(c),
        );
        clock = created.clock;
        return { body: dealJson(created.deal), statements: created.statements };
      });
      // Only the request that created the deal starts its clock (not a replay or a racing twin).
      if (response.status === 201) changeClockAfterResponse(c, clock);
      return response;
    },
  )
  .get(
    '/:id',
    documented({
      summary: 'One deal with its documents, stage history and what its next stage still needs',
      params: dealParam,
      responses: {
        '200': {
          description:
            'The deal, `documents` (metadata; files at `/deals/:id/documents/:documentId`), `history`, and `gate: { nextStage, missing }`',
        },
      },
    }),
    validate('param', dealParam),
    async (c) => {
      const deal = await getDeal(c.var.db, currentUser(c), c.req.valid('param').id);
      if (!deal) throw notFound();
      return c.json({
        ...dealJson(deal),
        customerName: deal.customerName,
        ownerName: deal.ownerName,
        documents: deal.documents,
        history: deal.history,
        gate: { nextStage: deal.nextStage, missing: deal.missingForNextStage },
      });
    },
  )
  .patch(
    '/:id',
    documented({
      summary: 'Change a deal: fields, and `stage` (won and lost need `closeReason`)',
      params: dealParam,
      body: { json: dealPatchBody(docContext) },
      responses: { '200': { description: 'The deal after the change' } },
      errors: {
        '409': '`deal_archived`: restore the deal first',
        '422': gateMissing,
      },
    }),
    validate('param', dealParam),
    async (c) => {
      const user = currentUser(c);
      const change = await jsonBody(c, dealPatchBody({ timeZone: user.timeZone, now: Date.now() }));
      const changed = await changeDeal(
        c.var.db,
        user,
        c.req.valid('param').id,
        change,
        Date.now(),
        reader(c),
      );
      changeClockAfterResponse(c, changed.clock);
      return c.json(dealJson(changed.deal));
    },
  )
  .post(
    '/:id/documents',
    documented({
      summary: 'Add a file or a note to a deal',
      params: dealParam,
      body: {
        json: noteBody,
        multipart:
          '`file` (PDF, JPEG, PNG or WebP, at most 10 MB) and `kind`: a document kind of the stage gates, or `other`.',
      },
      responses: { '201': { description: '`{ id }` of the new document' } },
      errors: {
        '409': '`deal_archived`: restore the deal first',
        '415': '`unsupported_media_type`: send application/json or multipart/form-data',
        '422': '`invalid_file`, `unknown_document_kind`',
      },
    }),
    validate('param', dealParam),
    async (c) => {
      const type = c.req.header('content-type') ?? '';
      let input: NewDocument;
      if (type.includes('multipart/form-data')) {
        const body = await readForm(c);
        const upload = await readUpload(body.file, DOCUMENT_UPLOAD);
        if ('error' in upload || !upload.file)
          throw new HttpError(422, 'invalid_file', c.var.t('deals.error.file'));
        input = {
          kind: 'file',
          documentKind: typeof body.kind === 'string' ? body.kind : '',
          file: upload.file,
        };
      } else if (type.includes('application/json')) {
        input = { kind: 'note', note: (await jsonBody(c, noteBody)).note };
      } else
        throw new HttpError(
          415,
          'unsupported_media_type',
          'Send application/json or multipart/form-data.',
        );
      const added = await addDealDocument(
        c.var.db,
        c.env.FILES,
        currentUser(c),
        c.req.valid('param').id,
        input,
        Date.now(),
      );
      return c.json(added, 201);
    },
  )
  .post(
    '/:id/archive',
    documented({
      summary: 'Archive a deal (out of lists and reminders; again changes nothing)',
      params: dealParam,
      responses: { '200': { description: 'The deal' } },
    }),
    validate('param', dealParam),
    archiveRoute(true),
  )
  .post(
    '/:id/restore',
    documented({
      summary: 'Restore an archived deal',
      params: dealParam,
      responses: { '200': { description: 'The deal' } },
    }),
    validate('param', dealParam),
    archiveRoute(false),
  );
