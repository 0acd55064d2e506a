import type { MessageKey } from '../../worker/platform/i18n';
import { catalogLabel } from '../../worker/platform/i18n/labels';
import type { PossibleDuplicate } from '../../worker/customers/duplicate-query';
import { CsrfField, Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { SubmissionKeyField } from '../platform/submission-key';
import { cityLabel } from './customers';
import { FieldError, invalidAttributes } from '../platform/field-error';

export type CustomerFormValues = Record<string, string | undefined>;
export type CityOption = { id: string; cityName: string; cityNameZh: string };
export type OwnerOption = { id: string; name: string };
/** What the form offers: cities and owners where the user may place a customer, grades, industries. */
export type CustomerChoices = {
  cities: CityOption[];
  owners: OwnerOption[] | null;
  grades: readonly string[];
  industries: readonly string[];
};
type Errors = Record<string, MessageKey>;

/** Existing customers that look like the one being entered, each a link (archived ones marked). */
export function DuplicateList({ duplicates }: { duplicates: PossibleDuplicate[] }) {
  const { t, locale } = usePage();
  if (duplicates.length === 0) return null;
  return (
    <div class="notice bad duplicates" role="status">
      <p>{t('customer.duplicates.title')}</p>
      <ul>
        {duplicates.map((duplicate) => (
          <li>
            <a href={`/customers/${duplicate.id}`}>{duplicate.name}</a> ·{' '}
            {cityLabel(locale, duplicate)} ·{' '}
            {duplicate.reasons.map((reason) => t(`customer.duplicates.${reason}`)).join(', ')}
            {duplicate.archivedAt !== null ? ` · ${t('customer.archived.tag')}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A labelled text input with its message under it (the customer and contact forms). */
export function TextField({
  field,
  label,
  values,
  errors,
  type = 'text',
  required,
  maxlength,
  autocomplete,
  inputmode,
}: {
  field: string;
  label: MessageKey;
  values: CustomerFormValues;
  errors: Errors;
  type?: 'text' | 'tel' | 'email';
  required?: boolean;
  maxlength: number;
  autocomplete?: string;
  inputmode?: 'tel' | 'email';
}) {
  const { t } = usePage();
  const id = field.replace('.', '-');
  return (
    <>
      <label for={id}>{t(label)}</label>
      <input
        id={id}
        name={field}
        type={type}
        required={required}
        maxlength={maxlength}
        value={values[field] ?? ''}
        autocomplete={autocomplete}
        inputmode={inputmode}
        {...invalidAttributes(errors, field)}
      />
      <FieldError errors={errors} field={field} />
    </>
  );
}

/**
 * The customer's own fields, shared by the new-customer form, the edit form and lead conversion.
 * Name, phone and city are required; everything else can wait.
 */
export function CustomerFields({
  values,
  errors,
  choices,
  withContact,
}: {
  values: CustomerFormValues;
  errors: Errors;
  choices: CustomerChoices;
  withContact: boolean;
}) {
  const { cities, owners } = choices;
  const { t, locale } = usePage();
  return (
    <>
      <TextField
        field="name"
        label="customer.form.name"
        values={values}
        errors={errors}
        required
        maxlength={200}
        autocomplete="organization"
      />
      <TextField
        field="phone"
        label="customers.phone"
        values={values}
        errors={errors}
        type="tel"
        required
        maxlength={40}
        autocomplete="tel"
        inputmode="tel"
      />
      <label for="cityId">{t('customers.city')}</label>
      <select id="cityId" name="cityId" required {...invalidAttributes(errors, 'cityId')}>
        {cities.length === 1 ? null : <option value="">{t('customer.form.choose')}</option>}
        {cities.map((city) => (
          <option value={city.id} selected={values.cityId === city.id}>
            {cityLabel(locale, city)}
          </option>
        ))}
      </select>
      <FieldError errors={errors} field="cityId" />
      {owners ? (
        <>
          <label for="ownerId">{t('customers.owner')}</label>
          <select id="ownerId" name="ownerId" required {...invalidAttributes(errors, 'ownerId')}>
            <option value="">{t('customer.form.choose')}</option>
            {owners.map((owner) => (
              <option value={owner.id} selected={values.ownerId === owner.id}>
                {owner.name}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <FieldError errors={errors} field="ownerId" />
      <label for="grade">{t('customers.grade')}</label>
      <select id="grade" name="grade" {...invalidAttributes(errors, 'grade')}>
        {choices.grades.map((grade) => (
          <option value={grade} selected={(values.grade || 'C') === grade}>
            {grade}
          </option>
        ))}
      </select>
      <FieldError errors={errors} field="grade" />
      <label for="industry">{t('customers.industry')}</label>
      <select id="industry" name="industry" {...invalidAttributes(errors, 'industry')}>
        <option value="">{t('customer.form.choose')}</option>
        {choices.industries.map((industry) => (
          <option value={industry} selected={values.industry === industry}>
            {catalogLabel(t, 'industry', industry)}
          </option>
        ))}
      </select>
      <FieldError errors={errors} field="industry" />
      <TextField
        field="email"
        label="lead.email"
        values={values}
        errors={errors}
        type="email"
        maxlength={200}
        autocomplete="email"
      />
      <TextField
        field="address"
        label="customer.form.address"
        values={values}
        errors={errors}
        maxlength={300}
        autocomplete="street-address"
      />
      {/* rep.js fills lat/lng from the phone when the rep asks (the button shows only with JS). */}
      <fieldset
        class="position"
        data-locating={t('visit.positionLocating')}
        data-found={t('visit.positionFound')}
        data-unavailable={t('customer.form.positionUnavailable')}
      >
        <legend>{t('customer.form.position')}</legend>
        <input type="hidden" name="lat" value={values.lat ?? ''} />
        <input type="hidden" name="lng" value={values.lng ?? ''} />
        <button type="button" class="secondary use-position" hidden>
          {t('customer.form.usePosition')}
        </button>
        <p class="muted position-status">
          {values.lat ? t('customer.form.positionKept') : t('customer.form.positionHelp')}
        </p>
        <FieldError errors={errors} field="lat" />
        <FieldError errors={errors} field="lng" />
      </fieldset>
      {withContact ? (
        <fieldset>
          <legend>{t('customer.form.contact')}</legend>
          <TextField
            field="contact.name"
            label="customer.form.contactName"
            values={values}
            errors={errors}
            maxlength={120}
          />
          <TextField
            field="contact.phone"
            label="customers.phone"
            values={values}
            errors={errors}
            type="tel"
            maxlength={40}
            inputmode="tel"
          />
          <TextField
            field="contact.title"
            label="customer.form.contactTitle"
            values={values}
            errors={errors}
            maxlength={120}
          />
        </fieldset>
      ) : null}
    </>
  );
}

/** New customer (`/customers/new`) and edit (`/customers/:id/edit`): one form, prefilled for an edit. */
export function CustomerFormPage({
  editing,
  values,
  errors,
  choices,
  duplicates,
}: {
  editing: { id: string; name: string } | null;
  values: CustomerFormValues;
  errors: Errors;
  choices: CustomerChoices;
  duplicates: PossibleDuplicate[];
}) {
  const { t } = usePage();
  const title = editing
    ? t('customer.edit.title', { name: editing.name })
    : t('customer.new.title');
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      {hasErrors ? (
        <p class="notice bad" role="alert">
          {t('visit.fixErrors')}
        </p>
      ) : null}
      <form
        class="card customer-form"
        method="post"
        action={editing ? `/customers/${editing.id}/edit` : '/customers'}
        data-offline-queue={editing ? undefined : 'customer'}
        hx-get={editing ? undefined : '/customers/duplicates'}
        hx-trigger={editing ? undefined : 'input changed delay:600ms'}
        hx-target={editing ? undefined : '#duplicates'}
        hx-swap={editing ? undefined : 'innerHTML'}
      >
        <CsrfField />
        {editing ? null : <SubmissionKeyField />}
        <div id="duplicates" aria-live="polite">
          <DuplicateList duplicates={duplicates} />
        </div>
        <CustomerFields
          values={values}
          errors={errors}
          choices={editing ? { ...choices, owners: null } : choices}
          withContact={!editing}
        />
        <p class="actions">
          {duplicates.length > 0 ? (
            <button type="submit" class="wide" name="confirmDuplicate" value="1">
              {t('customer.duplicates.createAnyway')}
            </button>
          ) : (
            <button type="submit" class="wide">
              {editing ? t('customer.edit.submit') : t('customer.new.submit')}
            </button>
          )}
        </p>
      </form>
    </Layout>
  );
}
