import type { MessageKey } from '../../worker/platform/i18n';
import type { AccountTokenPurpose } from '../../worker/auth/account-rules';
import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { NewPasswordFields } from './new-password-fields';
import { EmailField } from './email-field';

/** The page of an invitation or reset link: the user chooses a password. */
export function SetPasswordPage({
  purpose,
  action,
  name,
  errors = {},
}: {
  purpose: AccountTokenPurpose;
  action: string;
  name: string;
  errors?: Record<string, MessageKey>;
}) {
  const { t } = usePage();
  const title = purpose === 'invite' ? t('account.invite.pageTitle') : t('account.reset.pageTitle');
  return (
    <Layout title={title}>
      <section class="card">
        <h1>{title}</h1>
        <p>{t('account.hello', { name })}</p>
        <form method="post" action={action}>
          <NewPasswordFields errors={errors} />
          <p>
            <button type="submit">{t('account.setPassword')}</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}

export function DeadLinkPage() {
  const { t } = usePage();
  return (
    <Layout title={t('account.deadLink.title')}>
      <section class="card">
        <h1>{t('account.deadLink.title')}</h1>
        <p>{t('account.deadLink.body')}</p>
        <p>
          <a href="/forgot">{t('account.forgot.link')}</a>
        </p>
      </section>
    </Layout>
  );
}

/** "Forgot password?": asks for the email; the answer never says whether it has an account. */
export function ForgotPasswordPage({
  sent,
  errors = {},
}: {
  sent?: boolean;
  errors?: Record<string, MessageKey>;
}) {
  const { t } = usePage();
  return (
    <Layout title={t('account.forgot.title')}>
      <section class="card">
        <h1>{t('account.forgot.title')}</h1>
        {sent ? (
          <p class="notice" role="status">
            {t('account.forgot.sent')}
          </p>
        ) : (
          <>
            <p>{t('account.forgot.intro')}</p>
            <form method="post" action="/forgot">
              <EmailField errors={errors} />
              <p>
                <button type="submit">{t('account.forgot.submit')}</button>
              </p>
            </form>
          </>
        )}
        <p>
          <a href="/login">{t('login.title')}</a>
        </p>
      </section>
    </Layout>
  );
}
