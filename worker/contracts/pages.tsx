import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { HttpError, notFound } from '../platform/http/errors';
import { readForm } from '../platform/http/request';
import { submitOnce } from '../platform/http/submit-once';
import { validate } from '../platform/http/validate';
import { dayInputValue, majorUnitsText } from '../platform/http/money-and-dates';
import { servePrivateFile } from '../platform/http/files';
import type { MessageKey } from '../platform/i18n';
import { fieldErrors } from '../visits/visit-input';
import { formStrings } from '../visits/read-submission';
import { customerIdParam } from '../customers/customer-input';
import {
  CONTRACT_LIST_FILTERS,
  contractFormSchema,
  contractIdParam,
  contractListQuery,
  type ContractFields,
} from './contract-input';
import {
  attachContractFile,
  changeContractStatus,
  contractFileFor,
  createContract,
  customerForNewRecord,
  dealForContract,
  getContract,
  listContracts,
  NUMBER_TAKEN,
  numberRaced,
  readContractFile,
  setContractArchived,
  updateContract,
  type RecordCustomer,
} from './contracts';
import { CONTRACT_ACTIONS } from './contract-status';
import { ContractFormPage, type ContractFormValues } from '../../views/contracts/contract-form';
import { ContractPage } from '../../views/contracts/contract-page';
import { ContractListPage } from '../../views/contracts/contract-list';

const DAY = 86_400_000;

/** The form's values for a stored (or prefilled) contract. */
function formValuesOf(
  contract: Partial<ContractFields> & { amountCents?: number; currency?: string },
  timeZone: string,
): ContractFormValues {
  return {
    number: contract.number ?? '',
    startDate: dayInputValue(contract.startAt, timeZone),
    endDate: dayInputValue(contract.endAt, timeZone),
    value: contract.amountCents === undefined ? '' : majorUnitsText(contract.amountCents),
    currency: contract.currency ?? 'CNY',
    paymentTerms: contract.paymentTerms ?? '',
    renewalTerms: contract.renewalTerms ?? '',
    maintenanceStart: dayInputValue(contract.maintenanceStartAt, timeZone),
    skus: (contract.skus ?? [])
      .map((line) => `${line.sku}, ${line.quantity}, ${majorUnitsText(line.unitPriceCents)}`)
      .join('\n'),
  };
}

function renderNewForm(
  c: Context<AppEnv>,
  customer: RecordCustomer,
  values: ContractFormValues,
  errors: Record<string, MessageKey>,
  intro: string | null,
) {
  c.status(Object.keys(errors).length > 0 ? 422 : 200);
  return c.render(
    <ContractFormPage
      title={c.var.t('contract.newFor', { customer: customer.name })}
      intro={intro}
      action={`/customers/${customer.id}/contracts`}
      creating
      values={values}
      errors={errors}
    />,
  );
}

/** The edit form of a stored contract (422 when it shows problems). */
function renderEditForm(
  c: Context<AppEnv>,
  contract: { id: string; number: string },
  values: ContractFormValues,
  errors: Record<string, MessageKey>,
) {
  c.status(Object.keys(errors).length > 0 ? 422 : 200);
  return c.render(
    <ContractFormPage
      title={c.var.t('contract.edit')}
      intro={contract.number}
      action={`/contracts/${contract.id}`}
      creating={false}
      values={values}
      errors={errors}
    />,
  );
}

/** `/customers/:id/contracts/new` and its submit (the deal and renewal forms post here too). */
export const customerContractPages = new Hono<AppEnv>()
  .get('/:id/contracts/new', validate('param', customerIdParam), async (c) => {
    const user = currentUser(c);
    const customer = await customerForNewRecord(c.var.db, user, c.req.valid('param').id);
    if (!customer) throw notFound();
    const start = Date.now();
    return renderNewForm(
      c,
      customer,
      formValuesOf({ startAt: start, endAt: start + 365 * DAY }, customer.timeZone),
      {},
      null,
    );
  })
  .post('/:id/contracts', validate('param', customerIdParam), async (c) => {
    const user = currentUser(c);
    const customerId = c.req.valid('param').id;
    const { fields, body } = await formStrings(c);
    return submitOnce(c, `/customers/${customerId}/contracts`, fields.submissionKey, async () => {
      const customer = await customerForNewRecord(c.var.db, user, customerId);
      if (!customer) throw notFound();
      const values: ContractFormValues = fields;
      const parsed = contractFormSchema(customer.timeZone).safeParse(fields);
      const file = await readContractFile(body.file);
      const errors = {
        ...(parsed.success ? {} : fieldErrors(parsed.error.issues, 'contract.error.invalid')),
        ...('error' in file ? { file: file.error } : {}),
      };
      if (!parsed.success || 'error' in file)
        return renderNewForm(c, customer, values, errors, null);
      const created = await createContract(c.var.db, c.env.FILES, user, customer, parsed.data, {
        dealId: fields.dealId || undefined,
        renewsId: fields.renewsId || undefined,
        file: file.file,
      });
      if ('refused' in created) {
        if (!created.field) throw notFound();
        return renderNewForm(c, customer, values, { [created.field]: created.refused }, null);
      }
      return {
        location: `/contracts/${created.id}?saved=1`,
        statements: created.statements,
        whenFailed: (error) =>
          numberRaced(error)
            ? renderNewForm(c, customer, values, { number: NUMBER_TAKEN.refused }, null)
            : undefined,
      };
    });
  });

async function contractPage(
  c: Context<AppEnv>,
  id: string,
  error?: { key: MessageKey; field?: string | undefined },
) {
  const contract = await getContract(c.var.db, currentUser(c), id);
  if (!contract) throw notFound();
  if (error) c.status(422);
  const notice = c.req.query('saved') ? c.var.t('contract.saved') : undefined;
  return c.render(<ContractPage contract={contract} notice={notice} error={error} />);
}

const statusForm = z.object({
  action: z.enum(CONTRACT_ACTIONS),
  reason: z.string().trim().max(500).optional(),
});

/** `/contracts`: the list, one contract's page, and its changes (edit scope only). */
export const contractPages = new Hono<AppEnv>()
  .use(requireCapability('browseContracts'))
  .get('/', validate('query', contractListQuery), async (c) => {
    const { status, cursor } = c.req.valid('query');
    const page = await listContracts(c.var.db, currentUser(c), {
      filter: status,
      cursor,
      now: Date.now(),
    });
    return c.render(
      <ContractListPage page={page} filter={status} filters={CONTRACT_LIST_FILTERS} />,
    );
  })
  .get('/new', validate('query', z.object({ dealId: z.string().min(1).max(64) })), async (c) => {
    const user = currentUser(c);
    const deal = await dealForContract(c.var.db, user, c.req.valid('query').dealId);
    const customer = deal && (await customerForNewRecord(c.var.db, user, deal.customerId));
    if (!deal || !customer) throw notFound();
    const start = Date.now();
    const values = formValuesOf(
      {
        startAt: start,
        endAt: start + 365 * DAY,
        amountCents: deal.amountCents,
        currency: deal.currency,
      },
      customer.timeZone,
    );
    return renderNewForm(
      c,
      customer,
      { ...values, dealId: deal.id },
      {},
      c.var.t('contract.fromDeal', { deal: deal.name }),
    );
  })
  .get('/:id', validate('param', contractIdParam), (c) => contractPage(c, c.req.valid('param').id))
  .get('/:id/file', validate('param', contractIdParam), async (c) => {
    const file = await contractFileFor(c.var.db, currentUser(c), c.req.valid('param').id);
    if (!file) throw notFound();
    return servePrivateFile(c, file.key, { fileName: file.name });
  })
  .get('/:id/renew', validate('param', contractIdParam), async (c) => {
    const user = currentUser(c);
    const old = await getContract(c.var.db, user, c.req.valid('param').id);
    const customer = old?.editable && (await customerForNewRecord(c.var.db, user, old.customerId));
    if (!old || !customer) throw notFound();
    // The renewal runs on from the old end for as long as the old one ran.
    const values = formValuesOf(
      { ...old, number: '', startAt: old.endAt, endAt: old.endAt + (old.endAt - old.startAt) },
      customer.timeZone,
    );
    return renderNewForm(
      c,
      customer,
      { ...values, renewsId: old.id },
      {},
      c.var.t('contract.renewalOf', { number: old.number }),
    );
  })
  .get('/:id/edit', validate('param', contractIdParam), async (c) => {
    const contract = await getContract(c.var.db, currentUser(c), c.req.valid('param').id);
    if (!contract?.editable) throw notFound();
    return renderEditForm(c, contract, formValuesOf(contract, contract.timeZone), {});
  })
  .post('/:id', validate('param', contractIdParam), async (c) => {
    const user = currentUser(c);
    const contract = await getContract(c.var.db, user, c.req.valid('param').id);
    if (!contract?.editable) throw notFound();
    const { fields } = await formStrings(c);
    const parsed = contractFormSchema(contract.timeZone).safeParse(fields);
    const rerender = (errors: Record<string, MessageKey>) =>
      renderEditForm(c, contract, fields, errors);
    if (!parsed.success)
      return rerender(fieldErrors(parsed.error.issues, 'contract.error.invalid'));
    const updated = await updateContract(c.var.db, user, contract.id, parsed.data);
    if (!updated) throw notFound();
    if ('refused' in updated) return rerender({ [updated.field ?? 'number']: updated.refused });
    return c.redirect(`/contracts/${contract.id}?saved=1`, 303);
  })
  .post('/:id/status', validate('param', contractIdParam), async (c) => {
    const id = c.req.valid('param').id;
    const parsed = statusForm.safeParse(await readForm(c));
    if (!parsed.success) throw new HttpError(400, 'invalid_request', 'Unknown contract action.');
    const changed = await changeContractStatus(c.var.db, currentUser(c), id, parsed.data);
    if (!changed) throw notFound();
    if ('refused' in changed)
      return contractPage(c, id, { key: changed.refused, field: changed.field });
    return c.redirect(`/contracts/${id}?saved=1`, 303);
  })
  .post('/:id/file', validate('param', contractIdParam), async (c) => {
    const id = c.req.valid('param').id;
    const { body } = await formStrings(c);
    const file = await readContractFile(body.file);
    if ('error' in file || !file.file)
      return contractPage(c, id, {
        key: 'error' in file ? file.error : 'contract.error.fileMissing',
        field: 'file',
      });
    const attached = await attachContractFile(c.var.db, c.env.FILES, currentUser(c), id, file.file);
    if (!attached) throw notFound();
    if ('refused' in attached) return contractPage(c, id, { key: attached.refused });
    return c.redirect(`/contracts/${id}?saved=1`, 303);
  })
  .post('/:id/archive', validate('param', contractIdParam), async (c) => {
    const id = c.req.valid('param').id;
    if (!(await setContractArchived(c.var.db, currentUser(c), id, true))) throw notFound();
    return c.redirect(`/contracts/${id}`, 303);
  })
  .post('/:id/restore', validate('param', contractIdParam), async (c) => {
    const id = c.req.valid('param').id;
    if (!(await setContractArchived(c.var.db, currentUser(c), id, false))) throw notFound();
    return c.redirect(`/contracts/${id}?saved=1`, 303);
  });
