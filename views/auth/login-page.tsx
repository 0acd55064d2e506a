import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { EmailField } from './email-field';

export function LoginPage({
  email,
  message,
  next,
}: {
  email?: string;
  message?: string;
  next?: string;
}) {
  const { t } = usePage();
  return (
    <Layout title={t('login.title')}>
      <section class="card">
        <h1>{t('login.title')}</h1>
        {message ? (
          <p class="notice bad" role="alert">
            {message}
          </p>
        ) : null}
        <form method="post" action="/login">
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <EmailField value={email} />
          <label for="password">{t('login.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
          />
          <p>
            <button type="submit">{t('login.submit')}</button>
          </p>
        </form>
        <p>
          <a href="/forgot">{t('account.forgot.link')}</a>
        </p>
      </section>
    </Layout>
  );
}
