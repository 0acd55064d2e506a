import { Hono, type Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { documented } from '../platform/http/api-doc';
import { createOnceFromApi, idempotencyKeyHeader } from '../platform/http/create-once';
import { HttpError, notFound } from '../platform/http/errors';
import { readForm, readJson } from '../platform/http/request';
import { invalidRequest, validate } from '../platform/http/validate';
import { displayedStatus } from './contract-status';
import { customerCreateRequest, recordTimeZone } from './create-request';
import {
  contractApiListQuery,
  contractCreateBody,
  contractCreateSchema,
  contractIdParam,
  contractPatchBody,
  contractPatchSchema,
  contractStatusBody,
} from './contract-input';
import {
  attachContractFile,
  changeContractStatus,
  createContract,
  getContract,
  listContracts,
  NUMBER_TAKEN,
  numberRaced,
  readContractFile,
  updateContract,
  type Refused,
} from './contracts';

/** A refusal as the API's 422 (or 409 for a number already taken), in the caller's language. */
function refusal(c: Context<AppEnv>, refused: Refused): HttpError {
  if (refused.refused === 'contract.error.numberTaken')
    return new HttpError(409, 'number_taken', c.var.t(refused.refused));
  return new HttpError(422, 'contract_refused', c.var.t(refused.refused), {
    field: refused.field ?? null,
  });
}

/** The API's view of a contract: money in minor units with its currency, times in epoch ms. */
async function contractJson(c: Context<AppEnv>, id: string) {
  const contract = await getContract(c.var.db, currentUser(c), id);
  if (!contract) throw notFound();
  const { history, editable, timeZone, fileKey, ...rest } = contract;
  return {
    ...rest,
    status: displayedStatus(contract, Date.now()),
    storedStatus: contract.status,
    hasFile: fileKey !== null,
    fileUrl: fileKey ? `/contracts/${id}/file` : null,
  };
}

const statusDoc = {
  '200': { description: 'The contract after the change' },
};

/** `/api/v1/contracts`: the same rules as the pages (read scope to see, edit scope to change). */
export const contractApi = new Hono<AppEnv>()
  .get(
    '/',
    documented({
      summary:
        "Contracts in the caller's read scope, ending soonest first: `status` (default `all` current ones; `expired` includes active ones past their end), `customerId`, keyset-paged by `cursor`/`limit`",
      query: contractApiListQuery,
      responses: { '200': { description: '`{ items, nextCursor }`' } },
    }),
    validate('query', contractApiListQuery),
    async (c) => {
      const { status, customerId, cursor, limit } = c.req.valid('query');
      const page = await listContracts(c.var.db, currentUser(c), {
        filter: status,
        customerId,
        cursor,
        limit,
        now: Date.now(),
      });
      return c.json({
        items: page.items.map(({ timeZone: _, shownStatus, status: storedStatus, ...row }) => ({
          ...row,
          status: shownStatus,
          storedStatus,
        })),
        nextCursor: page.nextCursor,
      });
    },
  )
  .post(
    '/',
    documented({
      summary: 'Create a draft contract on a customer (optionally from one of its deals)',
      headers: [idempotencyKeyHeader],
      body: { json: contractCreateBody },
      responses: {
        '201': { description: 'The contract created' },
        '200': { description: 'The contract created by an earlier request with the same key' },
      },
      errors: {
        '409': '`number_taken`',
        '422': '`contract_refused`: e.g. a deal of another customer',
      },
    }),
    async (c) => {
      const user = currentUser(c);
      const { customer, data } = await customerCreateRequest(c, contractCreateSchema);
      const { customerId: _customer, dealId, ...fields } = data;
      return createOnceFromApi(c, '/api/v1/contracts', async () => {
        const created = await createContract(
          c.var.db,
          c.env.FILES,
          user,
          customer,
          {
            ...fields,
            renewalTerms: fields.renewalTerms ?? null,
            maintenanceStartAt: fields.maintenanceStartAt ?? null,
            skus: fields.skus ?? [],
          },
          { dealId },
        );
        if ('refused' in created) {
          if (!created.field) throw notFound();
          throw refusal(c, created);
        }
        const now = Date.now();
        return {
          body: {
            id: created.id,
            customerId: customer.id,
            dealId: dealId ?? null,
            ...fields,
            status: 'draft',
            createdAt: now,
          },
          statements: created.statements,
          whenFailed: (error) => {
            if (numberRaced(error)) throw refusal(c, NUMBER_TAKEN);
          },
        };
      });
    },
  )
  .get(
    '/:id',
    documented({
      summary: 'One contract with its orders and renewal links',
      params: contractIdParam,
      responses: { '200': { description: 'The contract' } },
    }),
    validate('param', contractIdParam),
    async (c) => c.json(await contractJson(c, c.req.valid('param').id)),
  )
  .patch(
    '/:id',
    documented({
      summary: 'Change some fields of a contract (edit scope)',
      params: contractIdParam,
      body: { json: contractPatchBody },
      responses: { '200': { description: 'The contract after the change' } },
      errors: {
        '409': '`number_taken`',
        '422': '`contract_refused`: archived, or the end before the start',
      },
    }),
    validate('param', contractIdParam),
    async (c) => {
      const id = c.req.valid('param').id;
      const user = currentUser(c);
      const timeZone = await recordTimeZone(c, 'contracts', id);
      const parsed = contractPatchSchema(timeZone).safeParse(await readJson(c));
      if (!parsed.success) throw invalidRequest(parsed.error.issues, c.var.t);
      const change = Object.fromEntries(
        Object.entries(parsed.data).filter(([, value]) => value !== undefined),
      );
      const updated = await updateContract(c.var.db, user, id, change);
      if (!updated) throw notFound();
      if ('refused' in updated) throw refusal(c, updated);
      return c.json(await contractJson(c, id));
    },
  )
  .post(
    '/:id/status',
    documented({
      summary: 'Submit, terminate (with a reason) or mark renewed (by the contract that renews it)',
      params: contractIdParam,
      body: { json: contractStatusBody },
      responses: statusDoc,
      errors: { '422': '`contract_refused`: a move the status table does not allow, or no reason' },
    }),
    validate('param', contractIdParam),
    validate('json', contractStatusBody),
    async (c) => {
      const id = c.req.valid('param').id;
      const changed = await changeContractStatus(c.var.db, currentUser(c), id, c.req.valid('json'));
      if (!changed) throw notFound();
      if ('refused' in changed) throw refusal(c, changed);
      return c.json(await contractJson(c, id));
    },
  )
  .post(
    '/:id/file',
    documented({
      summary:
        'Upload the signed file: multipart/form-data with a `file` field (PDF, JPEG, PNG or WebP, up to 10 MB)',
      params: contractIdParam,
      responses: statusDoc,
      errors: { '422': '`contract_refused`: a file of another type, too large, or missing' },
    }),
    validate('param', contractIdParam),
    async (c) => {
      const id = c.req.valid('param').id;
      const body = await readForm(c);
      const file = await readContractFile(body.file);
      if ('error' in file || !file.file)
        throw refusal(c, {
          refused: 'error' in file ? file.error : 'contract.error.fileMissing',
          field: 'file',
        });
      const attached = await attachContractFile(
        c.var.db,
        c.env.FILES,
        currentUser(c),
        id,
        file.file,
      );
      if (!attached) throw notFound();
      if ('refused' in attached) throw refusal(c, attached);
      return c.json(await contractJson(c, id));
    },
  );
