import type { DealDetail } from '../../worker/deals/queries';
import type { MissingRequirement } from '../../worker/deals/stage-gates';
import type { DealStage } from '../../worker/platform/db/schema';
import {
  formatDate,
  formatDateTime,
  formatDuration,
  formatMoney,
} from '../../worker/platform/http/format';
import type { MessageKey } from '../../worker/platform/i18n';
import { FieldError, invalidAttributes } from '../platform/field-error';
import { CsrfField, Layout, PostButton } from '../platform/layout';
import { usePage } from '../platform/page';
import { SubmissionKeyField } from '../platform/submission-key';
import { MissingRequirements } from './missing-requirements';
import { RecordHistoryLink } from '../admin/record-history-link';

export type DealFormValues = Record<string, string | undefined>;
export type DealFormErrors = Record<string, MessageKey>;
/** What the forms offer and allow (from the server's rules). */
export type DealFormOptions = {
  stages: readonly DealStage[];
  currencies: readonly string[];
  nameMaxLength: number;
  closeReasonMaxLength: number;
  noteMaxLength: number;
  /** The file types a document may be, for the file input's `accept`. */
  accept: string;
  /** The kind of a file filed under none of the gates' kinds. */
  otherKind: string;
};

/** Name, amount, currency and expected close: the fields a new deal and an edit share. */
function DealFields({
  values,
  errors,
  options,
}: {
  values: DealFormValues;
  errors: DealFormErrors;
  options: DealFormOptions;
}) {
  const { t } = usePage();
  const invalid = (field: string) => invalidAttributes(errors, field);
  const currency = values.currency ?? 'CNY';
  return (
    <>
      <label for="name">{t('deals.name')}</label>
      <input
        id="name"
        name="name"
        type="text"
        required
        maxlength={options.nameMaxLength}
        value={values.name ?? ''}
        {...invalid('name')}
      />
      <FieldError errors={errors} field="name" />
      <label for="amount">{t('deals.amount')}</label>
      <input
        id="amount"
        name="amount"
        type="text"
        inputmode="decimal"
        required
        value={values.amount ?? ''}
        {...invalid('amount')}
      />
      <FieldError errors={errors} field="amount" />
      <label for="currency">{t('deals.currency')}</label>
      <select id="currency" name="currency" {...invalid('currency')}>
        {options.currencies.map((code) => (
          <option value={code} selected={code === currency}>
            {code}
          </option>
        ))}
      </select>
      <FieldError errors={errors} field="currency" />
      <label for="expectedCloseAt">{t('deals.expectedClose')}</label>
      <input
        id="expectedCloseAt"
        name="expectedCloseAt"
        type="date"
        required
        value={values.expectedCloseAt ?? ''}
        {...invalid('expectedCloseAt')}
      />
      <FieldError errors={errors} field="expectedCloseAt" />
    </>
  );
}

function StageOptions({ stages, selected }: { stages: readonly DealStage[]; selected?: string }) {
  const { t } = usePage();
  return (
    <>
      {stages.map((stage) => (
        <option value={stage} selected={stage === selected}>
          {t(`stage.${stage}`)}
        </option>
      ))}
    </>
  );
}

function FixErrors({ errors }: { errors: DealFormErrors }) {
  const { t } = usePage();
  return Object.keys(errors).length > 0 ? (
    <p class="notice bad" role="alert">
      {t('deals.fixErrors')}
    </p>
  ) : null;
}

/** `/customers/:id/deals/new`: the customer's owner will own the deal. */
export function NewDealPage({
  customer,
  options,
  values,
  errors,
  missing,
}: {
  customer: { id: string; name: string };
  options: DealFormOptions;
  values: DealFormValues;
  errors: DealFormErrors;
  missing: MissingRequirement[];
}) {
  const { t } = usePage();
  const title = t('deals.newFor', { customer: customer.name });
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <FixErrors errors={errors} />
      <form class="card" method="post" action={`/customers/${customer.id}/deals`}>
        <CsrfField />
        <SubmissionKeyField />
        <DealFields values={values} errors={errors} options={options} />
        <label for="stage">{t('deals.stage')}</label>
        <select id="stage" name="stage" {...invalidAttributes(errors, 'stage')}>
          <StageOptions stages={options.stages} selected={values.stage} />
        </select>
        <FieldError errors={errors} field="stage" />
        {missing.length > 0 ? (
          <>
            <MissingRequirements missing={missing} dealId={null} customerId={customer.id} />
            <p class="muted">{t('deals.createEarlier')}</p>
          </>
        ) : null}
        <button type="submit">{t('deals.create')}</button>
      </form>
    </Layout>
  );
}

const NOTICES = {
  saved: 'deals.saved',
  document: 'deals.documentSaved',
  note: 'deals.noteSaved',
} as const satisfies Record<string, MessageKey>;
export type DealNotice = keyof typeof NOTICES;

/**
 * `/deals/:id`: the deal's facts, what its next stage still needs, its documents and notes and
 * its stage history; for those who may change it, the forms to do so (each re-rendered here
 * with its messages when a submit is refused).
 */
export function DealPage({
  deal,
  options,
  values,
  errors,
  missing,
  notice,
  preselectKind,
}: {
  deal: DealDetail;
  options: DealFormOptions;
  values: DealFormValues;
  errors: DealFormErrors;
  /** What the gates refused a stage change for. */
  missing: MissingRequirement[];
  notice?: DealNotice | undefined;
  preselectKind?: string | undefined;
}) {
  const { t, locale, now } = usePage();
  const tz = deal.timeZone;
  const canChange = deal.editable && deal.archivedAt === null;
  const kindLabel = (code: string | null) => {
    const kind = deal.documentKinds.find((k) => k.code === code);
    if (!kind) return t('deals.kind.other');
    return locale === 'zh-CN' ? kind.labelZh : kind.label;
  };
  return (
    <Layout title={deal.name}>
      <h1>{deal.name}</h1>
      <RecordHistoryLink type="deal" id={deal.id} />
      {notice ? (
        <p class="notice" role="status">
          {t(NOTICES[notice])}
        </p>
      ) : null}
      {deal.archivedAt !== null ? (
        <p class="notice bad" role="status">
          {t('deals.archived')}
        </p>
      ) : null}
      <FixErrors errors={errors} />
      <section class="card">
        <dl class="facts">
          <dt>{t('deals.customer')}</dt>
          <dd>
            <a href={`/customers/${deal.customerId}#deal-${deal.id}`}>{deal.customerName}</a>
          </dd>
          <dt>{t('deals.owner')}</dt>
          <dd>{deal.ownerName}</dd>
          <dt>{t('deals.stage')}</dt>
          <dd class="deal-stage">
            <strong>{t(`stage.${deal.stage}`)}</strong>
          </dd>
          <dt>{t('deals.amount')}</dt>
          <dd class="deal-amount">{formatMoney(deal.amountCents, locale, deal.currency)}</dd>
          <dt>{t('deals.expectedClose')}</dt>
          <dd>
            {deal.expectedCloseAt === null ? '–' : formatDate(deal.expectedCloseAt, locale, tz)}
          </dd>
          <dt>{t('deals.timeInStage')}</dt>
          <dd>{formatDuration(now - deal.stageEnteredAt, t)}</dd>
          {deal.closeReason ? (
            <>
              <dt>{t('deals.closeReason')}</dt>
              <dd>{deal.closeReason}</dd>
            </>
          ) : null}
        </dl>
        {canChange ? (
          <p class="actions">
            <a class="button secondary" href={`/contracts/new?dealId=${deal.id}`}>
              {t('contract.new')}
            </a>
          </p>
        ) : null}
      </section>

      {canChange && deal.nextStage ? (
        <section class="card">
          {deal.missingForNextStage.length > 0 ? (
            <>
              <p>{t('deals.nextGateMissing', { stage: t(`stage.${deal.nextStage}`) })}</p>
              <MissingRequirements
                missing={deal.missingForNextStage}
                dealId={deal.id}
                customerId={deal.customerId}
              />
            </>
          ) : (
            <p class="muted">{t('deals.nextGateReady', { stage: t(`stage.${deal.nextStage}`) })}</p>
          )}
        </section>
      ) : null}

      {canChange ? (
        <form class="card" method="post" action={`/deals/${deal.id}/stage`}>
          <h2>{t('deals.changeStage')}</h2>
          <CsrfField />
          <label for="stage">{t('deals.stage')}</label>
          <select id="stage" name="stage" {...invalidAttributes(errors, 'stage')}>
            <StageOptions stages={options.stages} selected={values.stage ?? deal.stage} />
          </select>
          <FieldError errors={errors} field="stage" />
          {missing.length > 0 ? (
            <MissingRequirements
              id="stage-missing"
              missing={missing}
              dealId={deal.id}
              customerId={deal.customerId}
            />
          ) : null}
          <label for="closeReason">{t('deals.closeReason')}</label>
          <textarea
            id="closeReason"
            name="closeReason"
            rows={2}
            maxlength={options.closeReasonMaxLength}
            {...invalidAttributes(errors, 'closeReason')}
          >
            {values.closeReason ?? ''}
          </textarea>
          <p class="muted">{t('deals.closeReasonHint')}</p>
          <FieldError errors={errors} field="closeReason" />
          <button type="submit">{t('deals.changeStage')}</button>
        </form>
      ) : null}

      <section class="card">
        <h2>{t('deals.documents')}</h2>
        {deal.documents.length === 0 ? <p class="muted">{t('deals.noDocuments')}</p> : null}
        <ul class="timeline">
          {deal.documents.map((doc) => (
            <li class="visit">
              <p class="muted">
                {formatDateTime(doc.createdAt, locale, tz)} · {doc.creatorName}
              </p>
              {doc.kind === 'file' ? (
                <p>
                  <span class="tag">{kindLabel(doc.documentKind)}</span>{' '}
                  <a href={`/deals/${deal.id}/documents/${doc.id}`}>{doc.fileName}</a>
                </p>
              ) : (
                <p>{doc.note}</p>
              )}
            </li>
          ))}
        </ul>
      </section>

      {canChange ? (
        <form
          class="card"
          id="add-document"
          method="post"
          action={`/deals/${deal.id}/documents`}
          enctype="multipart/form-data"
        >
          <h2>{t('deals.uploadTitle')}</h2>
          <CsrfField />
          <label for="documentKind">{t('deals.documentKind')}</label>
          <select
            id="documentKind"
            name="documentKind"
            {...invalidAttributes(errors, 'documentKind')}
          >
            {deal.documentKinds.map((kind) => (
              <option
                value={kind.code}
                selected={(values.documentKind ?? preselectKind) === kind.code}
              >
                {locale === 'zh-CN' ? kind.labelZh : kind.label}
              </option>
            ))}
            <option value={options.otherKind} selected={values.documentKind === options.otherKind}>
              {t('deals.kind.other')}
            </option>
          </select>
          <FieldError errors={errors} field="documentKind" />
          <label for="file">{t('deals.file')}</label>
          <input
            id="file"
            name="file"
            type="file"
            required
            accept={options.accept}
            {...invalidAttributes(errors, 'file')}
          />
          <FieldError errors={errors} field="file" />
          <button type="submit">{t('deals.upload')}</button>
        </form>
      ) : null}

      {canChange ? (
        <form class="card" id="add-note" method="post" action={`/deals/${deal.id}/notes`}>
          <h2>{t('deals.noteTitle')}</h2>
          <CsrfField />
          <label for="note">{t('deals.note')}</label>
          <textarea
            id="note"
            name="note"
            rows={3}
            required
            maxlength={options.noteMaxLength}
            {...invalidAttributes(errors, 'note')}
          >
            {values.note ?? ''}
          </textarea>
          <FieldError errors={errors} field="note" />
          <button type="submit">{t('deals.addNote')}</button>
        </form>
      ) : null}

      {canChange ? (
        <form class="card" method="post" action={`/deals/${deal.id}`}>
          <h2>{t('deals.edit')}</h2>
          <CsrfField />
          <DealFields values={values} errors={errors} options={options} />
          <button type="submit">{t('deals.save')}</button>
        </form>
      ) : null}

      <section class="card">
        <h2>{t('deals.history')}</h2>
        <ul>
          {deal.history.map((row) => (
            <li>
              {row.fromStage
                ? `${t(`stage.${row.fromStage}`)} → ${t(`stage.${row.toStage}`)}`
                : t('deals.historyCreated', { stage: t(`stage.${row.toStage}`) })}
              <br />
              <span class="muted">
                {row.byName ?? '–'} · {formatDateTime(row.changedAt, locale, tz)}
              </span>
            </li>
          ))}
        </ul>
      </section>

      {deal.editable ? (
        <PostButton
          action={`/deals/${deal.id}/${deal.archivedAt === null ? 'archive' : 'restore'}`}
          label={t(deal.archivedAt === null ? 'deals.archive' : 'deals.restore')}
          formClass="actions"
          buttonClass="secondary"
        />
      ) : null}
    </Layout>
  );
}
