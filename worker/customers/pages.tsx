import { Hono, type Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { mayEdit } from '../platform/access/policy';
import { getCustomer, listCustomers } from './queries';
import {
  customerFromForm,
  customerIdParam,
  customerEdit,
  customerInput,
  customerListQuery,
  duplicatesQuery,
} from './customer-input';
import { placeChoices } from './place-choices';
import { HttpError, notFound } from '../platform/http/errors';
import { isHtmx } from '../platform/http/request';
import { validate } from '../platform/http/validate';
import { submitOnce } from '../platform/http/submit-once';
import type { MessageKey } from '../platform/i18n';
import { formStrings } from '../visits/read-submission';
import { afterResponse, startTimers, stopTimers } from '../tasks/timers';
import { findPossibleDuplicates, type PossibleDuplicate } from './duplicate-query';
import { newCustomer, updateCustomer } from './create-customer';
import { setArchived } from './archive';
import { feedbackShare } from '../follow-up/share-link';
import {
  CustomerDetailPage,
  CustomerListPage,
  CustomerRows,
} from '../../views/customers/customers';
import {
  CustomerFormPage,
  DuplicateList,
  type CustomerFormValues,
} from '../../views/customers/customer-form';
import { fieldErrors } from '../visits/visit-input';

const SAVED_NOTICES: Record<string, MessageKey> = {
  created: 'customer.saved.created',
  updated: 'customer.saved.updated',
  archived: 'customer.saved.archived',
  restored: 'customer.saved.restored',
  converted: 'customer.saved.converted',
};

/** Whoever may create customers (rep, manager, director); others are refused outright. */
function requireCustomerEditor(c: Context<AppEnv>) {
  const user = currentUser(c);
  if (!mayEdit(user, 'customers'))
    throw new HttpError(403, 'forbidden', 'Your role does not have access to this.');
  return user;
}

async function renderNewForm(
  c: Context<AppEnv>,
  values: CustomerFormValues,
  errors: Record<string, MessageKey>,
  duplicates: PossibleDuplicate[],
  status: 200 | 422,
) {
  const choices = await placeChoices(c);
  c.status(status);
  return c.render(
    <CustomerFormPage
      editing={null}
      values={values}
      errors={errors}
      duplicates={duplicates}
      choices={choices}
    />,
  );
}

async function renderEditForm(
  c: Context<AppEnv>,
  id: string,
  values: CustomerFormValues | null,
  errors: Record<string, MessageKey>,
  status: 200 | 422,
) {
  const user = currentUser(c);
  const [customer, choices] = await Promise.all([getCustomer(c.var.db, user, id), placeChoices(c)]);
  if (!customer || !mayEdit(user, 'customers')) throw notFound();
  const current: CustomerFormValues = {
    name: customer.name,
    phone: customer.phone ?? '',
    email: customer.email ?? '',
    cityId: customer.cityId,
    grade: customer.grade,
    industry: customer.industry,
    address: customer.address ?? '',
    lat: customer.lat === null ? '' : String(customer.lat),
    lng: customer.lng === null ? '' : String(customer.lng),
  };
  // The customer's own city stays a choice even when it is not one the editor could pick today.
  const cityChoices = choices.cities.some((city) => city.id === customer.cityId)
    ? choices.cities
    : [
        { id: customer.cityId, cityName: customer.cityName, cityNameZh: customer.cityNameZh },
        ...choices.cities,
      ];
  c.status(status);
  return c.render(
    <CustomerFormPage
      editing={{ id, name: customer.name }}
      values={values ?? current}
      errors={errors}
      duplicates={[]}
      choices={{ ...choices, cities: cityChoices }}
    />,
  );
}

/** Customer pages for browsers; the same queries back /api/v1/customers. */
export const customerPages = new Hono<AppEnv>()
  .use(requireCapability('browseCustomers'))
  .get('/', validate('query', customerListQuery), async (c) => {
    const { q, cursor, limit, archived } = c.req.valid('query');
    const inArchive = archived === '1';
    const page = await listCustomers(c.var.db, currentUser(c), {
      query: q,
      cursor,
      limit,
      archived: inArchive,
    });
    // Search-as-you-type and "more" ask htmx for rows only; without JS the same URL is a full page.
    if (isHtmx(c) && c.req.header('hx-history-restore-request') !== 'true')
      return c.render(<CustomerRows page={page} query={q ?? ''} archived={inArchive} />);
    return c.render(
      <CustomerListPage
        page={page}
        query={q ?? ''}
        archived={inArchive}
        canCreate={mayEdit(currentUser(c), 'customers')}
      />,
    );
  })
  .get('/new', async (c) => {
    const user = requireCustomerEditor(c);
    return renderNewForm(c, { cityId: user.cityId ?? '' }, {}, [], 200);
  })
  // The form asks as the rep types: existing customers with this phone, email or name in the city.
  .get('/duplicates', validate('query', duplicatesQuery), async (c) => {
    const duplicates = await findPossibleDuplicates(
      c.var.db,
      currentUser(c),
      c.req.valid('query'),
      c.req.valid('query').exceptId,
    );
    return c.render(<DuplicateList duplicates={duplicates} />);
  })
  .post('/', async (c) => {
    const user = requireCustomerEditor(c);
    const { fields } = await formStrings(c);
    return submitOnce(c, 'customers.create', fields.submissionKey, async () => {
      const parsed = customerInput.safeParse(customerFromForm(fields));
      if (!parsed.success)
        return renderNewForm(
          c,
          fields,
          fieldErrors(parsed.error.issues, 'customer.error.invalid', 'path'),
          [],
          422,
        );
      const created = await newCustomer(c.var.db, user, parsed.data, Date.now());
      if ('errors' in created) return renderNewForm(c, fields, created.errors, [], 422);
      const duplicates = await findPossibleDuplicates(c.var.db, user, parsed.data);
      // Online, the rep decides before saving. A form queued offline cannot ask: it is saved and
      // the customer's page lists the possible duplicates instead.
      const queuedOffline = fields.queuedOffline === '1';
      if (duplicates.length > 0 && fields.confirmDuplicate !== '1' && !queuedOffline)
        return renderNewForm(c, fields, {}, duplicates, 422);
      const flag = duplicates.length > 0 && queuedOffline ? '&duplicates=1' : '';
      return {
        location: `/customers/${created.id}?saved=created${flag}`,
        statements: created.statements,
      };
    });
  })
  .get('/:id', validate('param', customerIdParam), async (c) => {
    const user = currentUser(c);
    const customer = await getCustomer(c.var.db, user, c.req.valid('param').id);
    if (!customer) throw notFound();
    const saved = c.req.query('saved');
    const notice = saved ? c.var.t(SAVED_NOTICES[saved] ?? 'visit.saved') : undefined;
    const duplicates =
      c.req.query('duplicates') === '1'
        ? await findPossibleDuplicates(c.var.db, user, customer, customer.id)
        : undefined;
    // The customer is in the viewer's read scope; for every role that may edit customers at all,
    // that scope is also their edit scope (policy.ts), so the role decides.
    const manage = { editable: mayEdit(user, 'customers'), duplicates };
    const share = await feedbackShare(c.env, new URL(c.req.url).origin, customer.feedbackDue);
    return c.render(
      <CustomerDetailPage customer={customer} notice={notice} manage={manage} share={share} />,
    );
  })
  .get('/:id/edit', validate('param', customerIdParam), async (c) =>
    renderEditForm(c, c.req.valid('param').id, null, {}, 200),
  )
  .post('/:id/edit', validate('param', customerIdParam), async (c) => {
    const user = requireCustomerEditor(c);
    const { id } = c.req.valid('param');
    const { fields } = await formStrings(c);
    const parsed = customerEdit.safeParse(fields);
    if (!parsed.success)
      return renderEditForm(
        c,
        id,
        fields,
        fieldErrors(parsed.error.issues, 'customer.error.invalid', 'path'),
        422,
      );
    // A blank optional field on the edit form clears it.
    const changes = {
      email: null,
      address: null,
      lat: null,
      lng: null,
      industry: null,
      ...stripUndefined(parsed.data),
    };
    const outcome = await updateCustomer(c.var.db, user, id, changes, Date.now());
    if (!outcome) throw notFound();
    if ('errors' in outcome) return renderEditForm(c, id, fields, outcome.errors, 422);
    return c.redirect(`/customers/${id}?saved=updated`, 303);
  })
  .post('/:id/archive', validate('param', customerIdParam), async (c) => {
    const user = requireCustomerEditor(c);
    const { id } = c.req.valid('param');
    const outcome = await setArchived(c.var.db, user, id, true, Date.now());
    if (!outcome) throw notFound();
    afterResponse(c.executionCtx, stopTimers(c.env, outcome.regionId, outcome.timers));
    return c.redirect(`/customers/${id}?saved=archived`, 303);
  })
  .post('/:id/restore', validate('param', customerIdParam), async (c) => {
    const user = requireCustomerEditor(c);
    const { id } = c.req.valid('param');
    const outcome = await setArchived(c.var.db, user, id, false, Date.now());
    if (!outcome) throw notFound();
    afterResponse(c.executionCtx, startTimers(c.env, outcome.regionId, outcome.timers));
    return c.redirect(`/customers/${id}?saved=restored`, 303);
  });

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
