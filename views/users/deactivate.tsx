import type { HandOver } from '../../worker/users/deactivate';
import type { OpenWork } from '../../worker/users/hand-over';
import type { MessageKey } from '../../worker/platform/i18n';
import { CsrfField, Layout, PostButton } from '../platform/layout';
import { usePage } from '../platform/page';

/** Each kind of open work, in the order the page lists them. */
const WORK_LABEL: Record<keyof OpenWork, MessageKey> = {
  customers: 'leaver.work.customers',
  leads: 'leaver.work.leads',
  deals: 'leaver.work.deals',
  contracts: 'leaver.work.contracts',
  orders: 'leaver.work.orders',
  tasks: 'leaver.work.tasks',
  escalations: 'leaver.work.escalations',
};

/**
 * Deactivating a user: what they still hold and, in the same form, who takes it over (the
 * region's manager first). Once deactivated, the page says so and offers the admin reactivation;
 * anything still left (a hand-over cut short) can be handed over again from here.
 */
export function DeactivatePage({
  handOver,
  workLeft,
  successorId,
  error,
}: {
  handOver: HandOver;
  /** Whether anything is still open (and so a successor must be chosen). */
  workLeft: boolean;
  successorId: string | undefined;
  error: string | undefined;
}) {
  const { t, can } = usePage();
  const { leaver, work, choices } = handOver;
  const action = `/users/${leaver.id}/deactivate`;
  const chosen = successorId ?? choices[0]?.id;
  return (
    <Layout title={t('leaver.title', { name: leaver.name })}>
      <h1>{t('leaver.title', { name: leaver.name })}</h1>
      <p class="muted">{t(`role.${leaver.role}`)}</p>
      {leaver.active ? null : (
        <p class="notice" role="status" id="leaver-status">
          {t('leaver.deactivated', { name: leaver.name })}
        </p>
      )}
      {error ? (
        <p class="notice bad" role="alert">
          {error}
        </p>
      ) : null}
      <section class="card" aria-labelledby="leaver-work">
        <h2 id="leaver-work">{t('leaver.openWork')}</h2>
        {workLeft ? (
          <ul class="plain" id="open-work">
            {(Object.keys(WORK_LABEL) as (keyof OpenWork)[]).map((kind) => (
              <li data-kind={kind}>
                {t(WORK_LABEL[kind])}: <strong>{work[kind]}</strong>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted" id="open-work-none">
            {t('leaver.nothingOpen')}
          </p>
        )}
      </section>
      {leaver.active || workLeft ? (
        <form class="card" method="post" action={action}>
          <CsrfField />
          {workLeft ? (
            choices.length === 0 ? (
              <p class="notice bad" role="alert">
                {t('leaver.noSuccessors')}
              </p>
            ) : (
              <>
                <label for="successor">{t('leaver.successor')}</label>
                <select id="successor" name="successorId" required>
                  {choices.map((person) => (
                    <option value={person.id} selected={person.id === chosen}>
                      {person.name} · {t(`role.${person.role}`)}
                    </option>
                  ))}
                </select>
                <p class="muted">{t('leaver.successorHint')}</p>
              </>
            )
          ) : null}
          <p class="muted">{t('leaver.explain')}</p>
          <p>
            <button type="submit">
              {leaver.active ? t('leaver.submit') : t('leaver.submitLeft')}
            </button>
          </p>
        </form>
      ) : null}
      {!leaver.active && can('administer') ? (
        <PostButton
          action={`/users/${leaver.id}/reactivate`}
          label={t('leaver.reactivate')}
          buttonClass="secondary"
        />
      ) : null}
    </Layout>
  );
}
