import type { MessageKey } from '../../worker/platform/i18n';
import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { FieldError, invalidAttributes } from '../platform/field-error';
import { NewPasswordFields } from './new-password-fields';
import { EmailField } from './email-field';

/** First run: the setup token and the first admin's name, email and password. */
export function SetupPage({
  values = {},
  errors = {},
  message,
}: {
  values?: { name?: string; email?: string };
  errors?: Record<string, MessageKey>;
  message?: string;
}) {
  const { t } = usePage();
  return (
    <Layout title={t('setup.title')}>
      <section class="card">
        <h1>{t('setup.title')}</h1>
        <p>{t('setup.intro')}</p>
        {message ? (
          <p class="notice bad" role="alert">
            {message}
          </p>
        ) : null}
        <form method="post" action="/setup">
          <label for="token">{t('setup.token')}</label>
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="off"
            required
            {...invalidAttributes(errors, 'token')}
          />
          <FieldError errors={errors} field="token" />
          <label for="name">{t('setup.name')}</label>
          <input
            id="name"
            name="name"
            type="text"
            autocomplete="name"
            required
            value={values.name ?? ''}
            {...invalidAttributes(errors, 'name')}
          />
          <FieldError errors={errors} field="name" />
          <EmailField value={values.email} errors={errors} />
          <NewPasswordFields errors={errors} />
          <p>
            <button type="submit">{t('setup.submit')}</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}
