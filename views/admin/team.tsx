import type { teamOf } from '../../worker/admin/team';
import type { MessageKey } from '../../worker/platform/i18n';
import { CsrfField, Layout } from '../platform/layout';
import { usePage } from '../platform/page';

/** The manager's reps, one small form each: their city, and the way to deactivate a leaver (with hand-over). */
export function TeamPage({
  team,
  error,
}: {
  team: Awaited<ReturnType<typeof teamOf>>;
  error?: { repId: string; key: MessageKey };
}) {
  const { t, locale } = usePage();
  const zh = locale === 'zh-CN';
  return (
    <Layout title={t('team.title')}>
      <h1>{t('team.title')}</h1>
      {team.reps.length === 0 ? <p class="muted">{t('team.empty')}</p> : null}
      {team.reps.map((rep) => (
        <form class="card" method="post" action={`/manager/team/${rep.id}`}>
          <h2>{rep.name}</h2>
          <p class="muted mono">{rep.email}</p>
          <CsrfField />
          {error?.repId === rep.id ? (
            <p class="error-text" role="alert">
              {t(error.key)}
            </p>
          ) : null}
          <label for={`city-${rep.id}`}>{t('cities.name')}</label>
          <select id={`city-${rep.id}`} name="cityId">
            {team.cities
              .filter((city) => city.regionId === rep.regionId)
              .map((city) => (
                <option value={city.id} selected={city.id === rep.cityId}>
                  {zh ? city.nameZh : city.name}
                </option>
              ))}
          </select>
          <p class="actions">
            <button type="submit">{t('org.save')}</button>
            {rep.active ? (
              <a class="button secondary" href={`/users/${rep.id}/deactivate`}>
                {t('users.deactivate')}
              </a>
            ) : (
              <span class="tag">{t('team.inactive')}</span>
            )}
          </p>
        </form>
      ))}
    </Layout>
  );
}
