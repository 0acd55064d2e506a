import type { DEAL_STAGES } from '../../worker/platform/db/schema';
import type { MessageKey } from '../../worker/platform/i18n';
import { CsrfField, Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { FieldError, invalidAttributes } from '../platform/field-error';
import type { MissingRequirement } from '../../worker/deals/stage-gates';
import { MissingRequirements } from '../deals/missing-requirements';

export type VisitFormValues = {
  idempotencyKey: string;
  summary?: string;
  nextFollowUpAt?: string;
  dealId?: string;
  stage?: string;
  commitmentText?: string;
  commitmentDueAt?: string;
  lat?: string;
  lng?: string;
};

type DealOption = { id: string; name: string; stage: string };

/**
 * Works without JavaScript: position and photo are optional, and the browser's own controls do
 * the rest. With JS, rep.js fills the position and shrinks the photo before upload.
 */
export function VisitFormPage({
  customer,
  deals,
  values,
  errors,
  stages,
  stageMissing,
  summaryMinLength,
  refusal,
}: {
  customer: { id: string; name: string };
  deals: DealOption[];
  values: VisitFormValues;
  errors: Record<string, MessageKey>;
  stages: typeof DEAL_STAGES;
  /** What the stage gates refused the stage for, each with a way to add it. */
  stageMissing: MissingRequirement[];
  summaryMinLength: number;
  /** Why the visit cannot be logged at all (not a field's problem), e.g. an archived customer. */
  refusal?: MessageKey | undefined;
}) {
  const { t } = usePage();
  const invalid = (field: string) => invalidAttributes(errors, field);
  return (
    <Layout title={t('visit.for', { customer: customer.name })}>
      <h1>{t('visit.for', { customer: customer.name })}</h1>
      {refusal || Object.keys(errors).length > 0 ? (
        <p class="notice bad" role="alert">
          {t(refusal ?? 'visit.fixErrors')}
        </p>
      ) : null}
      <form
        class="card visit-form"
        method="post"
        action={`/customers/${customer.id}/visits`}
        enctype="multipart/form-data"
        data-offline-queue="visit"
      >
        <CsrfField />
        <input type="hidden" name="idempotencyKey" value={values.idempotencyKey} />
        <fieldset
          class="position"
          data-locating={t('visit.positionLocating')}
          data-found={t('visit.positionFound')}
          data-unavailable={t('visit.positionUnavailable')}
        >
          <legend>{t('visit.position')}</legend>
          <input type="hidden" name="lat" value={values.lat ?? ''} />
          <input type="hidden" name="lng" value={values.lng ?? ''} />
          <p class="muted position-status">{t('visit.positionHelp')}</p>
          <FieldError errors={errors} field="lat" />
        </fieldset>

        <label for="summary">{t('visit.summary')}</label>
        <textarea
          id="summary"
          name="summary"
          rows={4}
          required
          minlength={summaryMinLength}
          maxlength={4000}
          {...invalid('summary')}
        >
          {values.summary ?? ''}
        </textarea>
        <p class="muted">{t('visit.summaryHelp', { min: summaryMinLength })}</p>
        <FieldError errors={errors} field="summary" />

        <label for="photo">{t('visit.photo')}</label>
        <input
          id="photo"
          name="photo"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          capture="environment"
          {...invalid('photo')}
        />
        <FieldError errors={errors} field="photo" />

        <label for="nextFollowUpAt">{t('visit.nextFollowUp')}</label>
        <input
          id="nextFollowUpAt"
          name="nextFollowUpAt"
          type="datetime-local"
          required
          value={values.nextFollowUpAt ?? ''}
          {...invalid('nextFollowUpAt')}
        />
        <FieldError errors={errors} field="nextFollowUpAt" />

        {deals.length > 0 ? (
          <>
            <label for="dealId">{t('visit.deal')}</label>
            <select id="dealId" name="dealId" {...invalid('dealId')}>
              <option value="">{t('visit.noDeal')}</option>
              {deals.map((deal) => (
                <option value={deal.id} selected={values.dealId === deal.id}>
                  {`${deal.name} · ${t(`stage.${deal.stage as 'qualify'}`)}`}
                </option>
              ))}
            </select>
            <FieldError errors={errors} field="dealId" />
            <label for="stage">{t('visit.stage')}</label>
            <select id="stage" name="stage" {...invalid('stage')}>
              <option value="">{t('visit.stageUnchanged')}</option>
              {stages.map((stage) => (
                <option value={stage} selected={values.stage === stage}>
                  {t(`stage.${stage}`)}
                </option>
              ))}
            </select>
            <FieldError errors={errors} field="stage" />
            {stageMissing.length > 0 && values.dealId ? (
              <MissingRequirements
                missing={stageMissing}
                dealId={values.dealId}
                customerId={customer.id}
              />
            ) : null}
          </>
        ) : null}

        <fieldset>
          <legend>{t('visit.commitment')}</legend>
          <label for="commitmentText">{t('visit.commitmentText')}</label>
          <input
            id="commitmentText"
            name="commitmentText"
            type="text"
            maxlength={500}
            value={values.commitmentText ?? ''}
            {...invalid('commitmentText')}
          />
          <FieldError errors={errors} field="commitmentText" />
          <label for="commitmentDueAt">{t('visit.commitmentDue')}</label>
          <input
            id="commitmentDueAt"
            name="commitmentDueAt"
            type="datetime-local"
            value={values.commitmentDueAt ?? ''}
            {...invalid('commitmentDueAt')}
          />
          <FieldError errors={errors} field="commitmentDueAt" />
        </fieldset>

        <p>
          <button type="submit" class="wide">
            {t('visit.submit')}
          </button>
        </p>
      </form>
    </Layout>
  );
}
