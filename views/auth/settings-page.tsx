import type { MessageKey } from '../../worker/platform/i18n';
import { CsrfField, Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { FieldError, invalidAttributes } from '../platform/field-error';
import { NewPasswordFields } from './new-password-fields';

/** The signed-in user's own settings: language and password. */
export function SettingsPage({
  changed,
  errors = {},
  message,
}: {
  changed?: boolean;
  errors?: Record<string, MessageKey>;
  message?: string;
}) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('settings.title')}>
      <h1>{t('settings.title')}</h1>
      {changed ? (
        <p class="notice" role="status">
          {t('settings.passwordChanged')}
        </p>
      ) : null}
      {message ? (
        <p class="notice bad" role="alert">
          {message}
        </p>
      ) : null}
      <form class="card" method="post" action="/settings/locale">
        <h2>{t('nav.language')}</h2>
        <CsrfField />
        <input type="hidden" name="next" value="/settings" />
        <label for="settings-locale">{t('nav.language')}</label>
        <select id="settings-locale" name="locale">
          <option value="en" selected={locale === 'en'}>
            English
          </option>
          <option value="zh-CN" selected={locale === 'zh-CN'}>
            简体中文
          </option>
        </select>
        <p>
          <button type="submit">{t('org.save')}</button>
        </p>
      </form>
      <form class="card" method="post" action="/settings/password">
        <h2>{t('settings.password')}</h2>
        <CsrfField />
        <label for="current">{t('settings.current')}</label>
        <input
          id="current"
          name="current"
          type="password"
          autocomplete="current-password"
          required
          {...invalidAttributes(errors, 'current')}
        />
        <FieldError errors={errors} field="current" />
        <NewPasswordFields errors={errors} />
        <p class="muted">{t('settings.othersSignedOut')}</p>
        <p>
          <button type="submit">{t('settings.changePassword')}</button>
        </p>
      </form>
    </Layout>
  );
}
