import { formatDateTime } from '../../worker/platform/http/format';
import type { listApiTokens } from '../../worker/auth/api-tokens';
import { CsrfField, Layout, PostButton } from '../platform/layout';
import { usePage } from '../platform/page';
import { SubmissionKeyField } from '../platform/submission-key';

type TokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];

export function ApiTokensPage({
  tokens,
  issued,
  error,
  form,
}: {
  tokens: TokenRow[];
  issued?: { token: string; email: string };
  error?: string;
  form?: { name: string; email: string };
}) {
  const { t, locale, timeZone } = usePage();
  return (
    <Layout title={t('tokens.title')}>
      <h1>{t('tokens.title')}</h1>
      <p class="muted">{t('tokens.intro')}</p>
      {issued ? (
        <section class="notice" role="status">
          <p>{t('tokens.created', { email: issued.email })}</p>
          <p class="mono">{issued.token}</p>
        </section>
      ) : null}
      <form class="card" method="post" action="/admin/api-tokens">
        <CsrfField />
        <SubmissionKeyField />
        {error ? (
          <p class="error-text" role="alert">
            {error}
          </p>
        ) : null}
        <label for="token-name">{t('tokens.name')}</label>
        <input
          id="token-name"
          name="name"
          type="text"
          required
          maxlength={80}
          value={form?.name ?? ''}
        />
        <label for="token-user">{t('tokens.user')}</label>
        <input id="token-user" name="email" type="email" required value={form?.email ?? ''} />
        <p>
          <button type="submit">{t('tokens.create')}</button>
        </p>
      </form>
      {tokens.length === 0 ? (
        <p class="muted">{t('tokens.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('tokens.name')}</th>
                <th>{t('tokens.prefix')}</th>
                <th>{t('tokens.user')}</th>
                <th>{t('tokens.createdAt')}</th>
                <th>{t('tokens.lastUsed')}</th>
                <th>{t('tokens.status')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr>
                  <td>{token.name}</td>
                  <td class="mono">{`${token.displayPrefix}…`}</td>
                  <td>{token.email}</td>
                  <td>{formatDateTime(token.createdAt, locale, timeZone)}</td>
                  <td>
                    {token.lastUsedAt
                      ? formatDateTime(token.lastUsedAt, locale, timeZone)
                      : t('tokens.never')}
                  </td>
                  <td>
                    {token.revokedAt ? (
                      t('tokens.revoked')
                    ) : (
                      <PostButton
                        action={`/admin/api-tokens/${token.id}/revoke`}
                        label={t('tokens.revoke')}
                        buttonClass="secondary"
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
