import type { MessageKey } from '../../worker/platform/i18n';
import { CsrfField, Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { SubmissionKeyField } from '../platform/submission-key';
import { FieldError } from '../platform/field-error';

/**
 * A new order: date, currency, optional contract and payment due date, and line rows. "Add a
 * line" is a submit button that re-renders the form with one more row, so it works without JS.
 */
export function OrderFormPage({
  customer,
  contracts,
  values,
  rows,
  errors,
}: {
  customer: { id: string; name: string };
  contracts: { id: string; number: string }[];
  values: Record<string, string>;
  rows: number;
  errors: Record<string, MessageKey>;
}) {
  const { t } = usePage();
  const invalid = (field: string) =>
    errors[field] ? { 'aria-invalid': 'true', 'aria-describedby': `${field}-error` } : {};
  const input = (field: string, label: MessageKey, type = 'text', required = false) => (
    <>
      <label for={field}>{t(label)}</label>
      <input
        id={field}
        name={field}
        type={type}
        value={values[field] ?? ''}
        required={required}
        {...invalid(field)}
      />
      <FieldError errors={errors} field={field} />
    </>
  );
  return (
    <Layout title={t('order.newFor', { customer: customer.name })}>
      <h1>{t('order.newFor', { customer: customer.name })}</h1>
      {Object.keys(errors).length > 0 ? (
        <p class="notice bad" role="alert">
          {t('contract.fixErrors')}
        </p>
      ) : null}
      <form class="card" method="post" action={`/customers/${customer.id}/orders`}>
        <CsrfField />
        <SubmissionKeyField />
        <input type="hidden" name="lineRows" value={String(rows)} />
        {input('orderedDate', 'order.date', 'date', true)}
        {input('currency', 'order.currency', 'text', true)}
        {contracts.length > 0 ? (
          <>
            <label for="contractId">{t('order.contract')}</label>
            <select id="contractId" name="contractId" {...invalid('contractId')}>
              <option value="">{t('order.noContract')}</option>
              {contracts.map((contract) => (
                <option value={contract.id} selected={values.contractId === contract.id}>
                  {contract.number}
                </option>
              ))}
            </select>
            <FieldError errors={errors} field="contractId" />
          </>
        ) : null}
        <h2>{t('order.lines')}</h2>
        <FieldError errors={errors} field="lines" />
        {Array.from({ length: rows }, (_, i) => (
          <fieldset class="order-line">
            <legend>{`${t('order.lines')} ${i + 1}`}</legend>
            {input(`lines.${i}.product`, 'order.product')}
            {input(`lines.${i}.quantity`, 'order.quantity', 'number')}
            {input(`lines.${i}.unitPrice`, 'order.unitPrice')}
          </fieldset>
        ))}
        <p>
          <button type="submit" name="addLine" value="1" class="secondary" formnovalidate>
            {t('order.addLine')}
          </button>
        </p>
        {input('paymentDue', 'order.paymentDue', 'date')}
        <p>
          <button type="submit" class="wide">
            {t('order.save')}
          </button>
        </p>
      </form>
    </Layout>
  );
}
