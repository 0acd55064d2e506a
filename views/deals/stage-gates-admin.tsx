import type { StageGate } from '../../worker/deals/stage-gates';
import type {
  DEAL_STAGES,
  DECISION_ROLES,
  GATE_REQUIREMENTS,
} from '../../worker/platform/db/schema';
import type { MessageKey } from '../../worker/platform/i18n';
import { CsrfField, Layout, PostButton } from '../platform/layout';
import { usePage } from '../platform/page';
import { SubmissionKeyField } from '../platform/submission-key';
import { describeRequirement } from './describe-requirement';

/** Each stage with its requirements (in the reader's language) and the form that adds one. */
export function StageGatesPage({
  gates,
  error,
  stages,
  requirements,
  roles,
}: {
  stages: typeof DEAL_STAGES;
  requirements: typeof GATE_REQUIREMENTS;
  roles: typeof DECISION_ROLES;
  gates: StageGate[];
  error?: MessageKey | undefined;
}) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('gates.title')}>
      <h1>{t('gates.title')}</h1>
      <p class="muted">{t('gates.intro')}</p>
      {stages.map((stage) => {
        const ofStage = gates.filter((gate) => gate.stage === stage);
        return (
          <section class="card" id={`gates-${stage}`}>
            <h2>{t(`stage.${stage}`)}</h2>
            {ofStage.length === 0 ? <p class="muted">{t('gates.none')}</p> : null}
            <ul class="rows">
              {ofStage.map((gate) => (
                <li>
                  <div class="row-body">
                    {describeRequirement(gate, t, locale)}
                    {gate.documentKind ? (
                      <>
                        {' '}
                        <code>{gate.documentKind}</code>
                      </>
                    ) : null}
                  </div>
                  <PostButton
                    action={`/admin/stage-gates/${gate.id}/remove`}
                    label={t('gates.remove')}
                    formClass="row-actions"
                    buttonClass="secondary"
                  />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      <form class="card" method="post" action="/admin/stage-gates">
        <h2>{t('gates.add')}</h2>
        <CsrfField />
        <SubmissionKeyField />
        {error ? (
          <p class="notice bad" role="alert">
            {t(error)}
          </p>
        ) : null}
        <label for="gate-stage">{t('deals.stage')}</label>
        <select id="gate-stage" name="stage">
          {stages.map((stage) => (
            <option value={stage}>{t(`stage.${stage}`)}</option>
          ))}
        </select>
        <label for="gate-requirement">{t('gates.requirement')}</label>
        <select id="gate-requirement" name="requirement">
          {requirements.map((requirement) => (
            <option value={requirement}>{t(`gates.requirement.${requirement}`)}</option>
          ))}
        </select>
        <fieldset>
          <legend>{t('gates.requirement.document')}</legend>
          <label for="gate-kind">{t('gates.kindCode')}</label>
          <p class="muted" id="gate-kind-hint">
            {t('gates.kindCodeHint')} <code>requirements_form</code>
          </p>
          <input
            id="gate-kind"
            aria-describedby="gate-kind-hint"
            name="documentKind"
            type="text"
            maxlength={40}
            pattern="[a-z][a-z0-9_]{1,39}"
          />
          <label for="gate-label">{t('gates.labelEn')}</label>
          <input id="gate-label" name="label" type="text" maxlength={80} />
          <label for="gate-label-zh">{t('gates.labelZh')}</label>
          <input id="gate-label-zh" name="labelZh" type="text" maxlength={80} lang="zh-CN" />
        </fieldset>
        <fieldset>
          <legend>{t('gates.requirement.contact_role')}</legend>
          <label for="gate-role">{t('gates.contactRole')}</label>
          <select id="gate-role" name="contactRole">
            {roles.map((role) => (
              <option value={role}>{t(`decisionRole.${role}`)}</option>
            ))}
          </select>
        </fieldset>
        <button type="submit">{t('gates.add')}</button>
      </form>
    </Layout>
  );
}
