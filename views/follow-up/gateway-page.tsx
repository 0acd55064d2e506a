import { CsrfField, Layout } from '../platform/layout';
import { usePage } from '../platform/page';

export type GatewaySetting = {
  url: string;
  maskedSecret: string | null;
  active: boolean;
  linkOrigin: string | null;
};

/** `/admin/customer-gateway`: where customers' messages (feedback links) are sent. */
export function GatewayPage({
  setting,
  saved,
  error,
}: {
  setting: GatewaySetting | null;
  saved?: boolean;
  error?: boolean;
}) {
  const { t } = usePage();
  return (
    <Layout title={t('gateway.title')}>
      <h1>{t('gateway.title')}</h1>
      <p class="muted">{t('gateway.intro')}</p>
      {saved ? (
        <p class="notice" role="status">
          {t('gateway.saved')}
        </p>
      ) : null}
      {error ? (
        <p class="notice bad" role="alert">
          {t('gateway.error')}
        </p>
      ) : null}
      {setting ? (
        <section class="card">
          <dl class="facts">
            <dt>{t('gateway.url')}</dt>
            <dd class="mono">{setting.url}</dd>
            <dt>{t('gateway.secret')}</dt>
            <dd class="mono">{setting.maskedSecret ?? '—'}</dd>
            <dt>{t('gateway.linkOrigin')}</dt>
            <dd class="mono">{setting.linkOrigin ?? '—'}</dd>
            <dt>{t('gateway.status')}</dt>
            <dd>{setting.active ? t('routes.active') : t('routes.off')}</dd>
          </dl>
        </section>
      ) : (
        <p class="muted">{t('gateway.none')}</p>
      )}
      <form class="card" method="post" action="/admin/customer-gateway">
        <CsrfField />
        <label for="gateway-url">{t('gateway.url')}</label>
        <input
          id="gateway-url"
          name="url"
          type="url"
          required
          maxlength={500}
          placeholder="https://"
          value={setting?.url ?? ''}
        />
        <label for="gateway-secret">{t('gateway.secret')}</label>
        <input
          id="gateway-secret"
          name="secret"
          type="password"
          autocomplete="off"
          maxlength={200}
          placeholder="whsec_…"
          required={!setting?.maskedSecret}
        />
        <p class="muted">{t('gateway.secretHelp')}</p>
        <label class="check">
          <input type="checkbox" name="active" checked={setting ? setting.active : true} />{' '}
          {t('gateway.active')}
        </label>
        <p>
          <button type="submit">{t('gateway.save')}</button>
        </p>
      </form>
    </Layout>
  );
}
