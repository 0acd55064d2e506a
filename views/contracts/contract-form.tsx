import type { MessageKey } from '../../worker/platform/i18n';
import { CsrfField, Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { SubmissionKeyField } from '../platform/submission-key';
import { FieldError } from '../platform/field-error';

/** What the form shows: the typed strings (or a prefill from a deal or the contract it renews). */
export type ContractFormValues = Partial<
  Record<
    | 'number'
    | 'startDate'
    | 'endDate'
    | 'value'
    | 'currency'
    | 'paymentTerms'
    | 'renewalTerms'
    | 'maintenanceStart'
    | 'skus'
    | 'dealId'
    | 'renewsId',
    string
  >
>;

/**
 * Create (with the signed file and a submission key) or edit a contract. Works without JS: plain
 * inputs, dates as the browser's date picker, read in the customer's region time zone.
 */
export function ContractFormPage({
  title,
  intro,
  action,
  creating,
  values,
  errors,
}: {
  title: string;
  intro?: string | null;
  action: string;
  creating: boolean;
  values: ContractFormValues;
  errors: Record<string, MessageKey>;
}) {
  const { t } = usePage();
  const invalid = (field: string) =>
    errors[field] ? { 'aria-invalid': 'true', 'aria-describedby': `${field}-error` } : {};
  const text = (
    field: keyof ContractFormValues,
    label: MessageKey,
    options: { type?: string; required?: boolean; maxlength?: number; help?: MessageKey } = {},
  ) => (
    <>
      <label for={field}>{t(label)}</label>
      <input
        id={field}
        name={field}
        type={options.type ?? 'text'}
        value={values[field] ?? ''}
        required={options.required ?? false}
        maxlength={options.maxlength}
        {...invalid(field)}
      />
      {options.help ? <p class="muted">{t(options.help)}</p> : null}
      <FieldError errors={errors} field={field} />
    </>
  );
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      {intro ? <p class="muted">{intro}</p> : null}
      {Object.keys(errors).length > 0 ? (
        <p class="notice bad" role="alert">
          {t('contract.fixErrors')}
        </p>
      ) : null}
      <form
        class="card"
        method="post"
        action={action}
        enctype={creating ? 'multipart/form-data' : undefined}
      >
        <CsrfField />
        {creating ? <SubmissionKeyField /> : null}
        {values.dealId ? <input type="hidden" name="dealId" value={values.dealId} /> : null}
        {values.renewsId ? <input type="hidden" name="renewsId" value={values.renewsId} /> : null}
        <FieldError errors={errors} field="dealId" />
        <FieldError errors={errors} field="renewsId" />
        {text('number', 'contract.number', { required: true, maxlength: 64 })}
        {text('startDate', 'contract.startDate', { type: 'date', required: true })}
        {text('endDate', 'contract.endDate', { type: 'date', required: true })}
        {text('value', 'contract.value', { required: true, help: 'contract.valueHelp' })}
        {text('currency', 'contract.currency', { required: true, maxlength: 3 })}
        {text('paymentTerms', 'contract.paymentTerms', { required: true, maxlength: 500 })}
        {text('renewalTerms', 'contract.renewalTerms', { maxlength: 500 })}
        {text('maintenanceStart', 'contract.maintenanceStart', { type: 'date' })}
        <label for="skus">{t('contract.skus')}</label>
        <textarea id="skus" name="skus" rows={3} {...invalid('skus')}>
          {values.skus ?? ''}
        </textarea>
        <p class="muted">{t('contract.skusHelp')}</p>
        <FieldError errors={errors} field="skus" />
        {creating ? (
          <>
            <label for="file">{t('contract.file')}</label>
            <input
              id="file"
              name="file"
              type="file"
              accept="application/pdf,image/jpeg,image/png,image/webp"
              {...invalid('file')}
            />
            <p class="muted">{t('contract.fileHelp')}</p>
            <FieldError errors={errors} field="file" />
          </>
        ) : null}
        <p>
          <button type="submit" class="wide">
            {t('contract.save')}
          </button>
        </p>
      </form>
    </Layout>
  );
}
