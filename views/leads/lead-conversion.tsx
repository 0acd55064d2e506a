import type { MessageKey } from '../../worker/platform/i18n';
import type { PossibleDuplicate } from '../../worker/customers/duplicate-query';
import type { DuplicateReason } from '../../worker/customers/duplicates';
import { CsrfField } from '../platform/layout';
import { usePage } from '../platform/page';
import { SubmissionKeyField } from '../platform/submission-key';
import {
  CustomerFields,
  type CustomerChoices,
  type CustomerFormValues,
} from '../customers/customer-form';
import { cityLabel } from '../customers/customers';
import { FieldError } from '../platform/field-error';

export type LeadConversionView = {
  leadId: string;
  values: CustomerFormValues;
  errors: Record<string, MessageKey>;
  /** Which form the errors belong to (re-rendered after a refused submit). */
  failed: 'convert' | 'attach' | 'disqualify' | null;
  choices: CustomerChoices;
  currencies: readonly string[];
  duplicates: PossibleDuplicate[];
  found: { id: string; name: string; cityName: string; cityNameZh: string }[];
  find: string;
};

/**
 * What can close a lead, for whoever may change it: a new customer made from it (with the lead's
 * person as first contact and an optional first deal), an existing customer it belongs to (its
 * possible duplicates, or a search), or a disqualification with the reason.
 */
export function LeadConversion({ conversion }: { conversion: LeadConversionView }) {
  const { t, locale } = usePage();
  const { leadId, values, errors, failed } = conversion;
  const errorsOf = (form: LeadConversionView['failed']) => (failed === form ? errors : {});
  const candidates: (LeadConversionView['found'][number] & { reasons?: DuplicateReason[] })[] = [
    ...conversion.duplicates,
    ...conversion.found.filter((f) => !conversion.duplicates.some((d) => d.id === f.id)),
  ];
  return (
    <section class="card lead-conversion" id="convert">
      <h2>{t('lead.convert.title')}</h2>
      {failed ? (
        <p class="notice bad" role="alert">
          {t('visit.fixErrors')}
        </p>
      ) : null}
      <details open={failed === null || failed === 'convert'}>
        <summary>{t('lead.convert.new')}</summary>
        <form method="post" action={`/leads/${leadId}/convert`}>
          <CsrfField />
          <SubmissionKeyField />
          <CustomerFields
            values={values}
            errors={errorsOf('convert')}
            choices={conversion.choices}
            withContact
          />
          <fieldset>
            <legend>{t('lead.convert.deal')}</legend>
            <label for="deal-name">{t('lead.convert.dealName')}</label>
            <input
              id="deal-name"
              name="deal.name"
              type="text"
              maxlength={200}
              value={values['deal.name'] ?? ''}
            />
            <FieldError errors={errorsOf('convert')} field="deal.name" />
            <label for="deal-amount">{t('lead.convert.dealAmount')}</label>
            <input
              id="deal-amount"
              name="deal.amount"
              type="text"
              inputmode="decimal"
              maxlength={20}
              value={values['deal.amount'] ?? ''}
            />
            <FieldError errors={errorsOf('convert')} field="deal.amount" />
            <label for="deal-currency">{t('lead.convert.dealCurrency')}</label>
            <select id="deal-currency" name="deal.currency">
              {conversion.currencies.map((currency) => (
                <option value={currency} selected={(values['deal.currency'] || 'CNY') === currency}>
                  {currency}
                </option>
              ))}
            </select>
          </fieldset>
          <p>
            <button type="submit" class="wide">
              {t('lead.convert.submit')}
            </button>
          </p>
        </form>
      </details>
      <details
        open={failed === 'attach' || conversion.find !== '' || conversion.duplicates.length > 0}
      >
        <summary>{t('lead.convert.attach')}</summary>
        <form method="get" action={`/leads/${leadId}#convert`} role="search" class="search">
          <input
            type="search"
            name="find"
            value={conversion.find}
            maxlength={100}
            aria-label={t('lead.convert.find')}
            placeholder={t('lead.convert.find')}
          />
          <button type="submit" class="secondary">
            {t('customers.searchSubmit')}
          </button>
        </form>
        {candidates.length === 0 ? (
          <p class="muted">{t('lead.convert.noCandidates')}</p>
        ) : (
          <form method="post" action={`/leads/${leadId}/attach`}>
            <CsrfField />
            <SubmissionKeyField />
            <fieldset>
              <legend>{t('lead.convert.pick')}</legend>
              {candidates.map((candidate, index) => (
                <p>
                  <label>
                    <input
                      type="radio"
                      name="customerId"
                      value={candidate.id}
                      required
                      checked={index === 0}
                    />
                    <span>
                      {candidate.name} · {cityLabel(locale, candidate)}
                      {candidate.reasons
                        ? ` · ${candidate.reasons.map((r) => t(`customer.duplicates.${r}`)).join(', ')}`
                        : ''}
                    </span>
                  </label>{' '}
                  <a href={`/customers/${candidate.id}`}>{t('lead.openCustomer')}</a>
                </p>
              ))}
            </fieldset>
            <FieldError errors={errorsOf('attach')} field="customerId" />
            <p>
              <button type="submit" class="wide">
                {t('lead.convert.attachSubmit')}
              </button>
            </p>
          </form>
        )}
      </details>
      <details open={failed === 'disqualify'}>
        <summary>{t('lead.disqualify')}</summary>
        <form method="post" action={`/leads/${leadId}/disqualify`}>
          <CsrfField />
          <label for="reason">{t('lead.disqualify.reason')}</label>
          <textarea id="reason" name="reason" rows={3} required minlength={2} maxlength={500}>
            {values.reason ?? ''}
          </textarea>
          <FieldError errors={errorsOf('disqualify')} field="reason" />
          <p>
            <button type="submit" class="wide secondary">
              {t('lead.disqualify.submit')}
            </button>
          </p>
        </form>
      </details>
    </section>
  );
}
