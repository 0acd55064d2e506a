import type {
  keywordRules,
  notificationRoutes,
  webhookSources,
} from '../../worker/platform/db/schema';
import type { ROUTE_CHANNELS } from '../../worker/platform/db/schema';
import { formatDateTime } from '../../worker/platform/http/format';
import type { MessageKey } from '../../worker/platform/i18n';
import { catalogLabel } from '../../worker/platform/i18n/labels';
import { messageIn, type StoredMessage } from '../../worker/platform/i18n/messages';
import { CsrfField, Layout, PostButton } from '../platform/layout';
import { usePage, type PageFrame } from '../platform/page';
import { SubmissionKeyField } from '../platform/submission-key';

type Region = { id: string; name: string; nameZh: string };
const regionName = (frame: PageFrame, region: Region) =>
  frame.locale === 'zh-CN' ? region.nameZh : region.name;
const regionNameOf = (frame: PageFrame, regions: Region[], regionId: string | null) => {
  const region = regions.find((r) => r.id === regionId);
  return region ? regionName(frame, region) : '—';
};

function Notice({ text, bad }: { text?: string | undefined; bad?: boolean }) {
  return text ? (
    <p class={bad ? 'notice bad' : 'notice'} role={bad ? 'alert' : 'status'}>
      {text}
    </p>
  ) : null;
}

export type DeliveryRow = StoredMessage & {
  id: string;
  channel: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: number;
  routeName: string | null;
  recipientName: string | null;
};

export function DeliveriesPage({
  rows,
  notice,
}: {
  rows: DeliveryRow[];
  notice?: string | undefined;
}) {
  const { t, locale, timeZone } = usePage();
  return (
    <Layout title={t('deliveries.title')}>
      <h1>{t('deliveries.title')}</h1>
      <Notice text={notice} />
      {rows.length === 0 ? <p class="muted">{t('deliveries.empty')}</p> : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('deliveries.created')}</th>
              <th>{t('deliveries.route')}</th>
              <th>{t('deliveries.recipient')}</th>
              <th>{t('deliveries.status')}</th>
              <th class="num">{t('deliveries.attempts')}</th>
              <th>{t('deliveries.lastError')}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr id={`delivery-${row.id}`}>
                <td>{formatDateTime(row.createdAt, locale, timeZone)}</td>
                <td>{`${row.routeName ?? '—'} · ${catalogLabel(t, 'channel', row.channel)}`}</td>
                <td>
                  {row.recipientName ?? '—'}
                  <br />
                  <span class="muted">{messageIn(locale, row).title}</span>
                </td>
                <td>{t(`delivery.status.${row.status}`)}</td>
                <td class="num">{row.attempts}</td>
                <td class="mono">{row.lastError ?? ''}</td>
                <td>
                  {row.status === 'failed' ||
                  row.status === 'pending' ||
                  row.status === 'sending' ? (
                    <PostButton
                      action={`/admin/deliveries/${row.id}/retry`}
                      label={t('deliveries.retry')}
                      buttonClass="secondary"
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

type RouteRow = typeof notificationRoutes.$inferSelect & { userEmail: string | null };

export function RoutesPage({
  routes,
  regions,
  channels,
  error,
  values,
}: {
  routes: RouteRow[];
  regions: Region[];
  channels: typeof ROUTE_CHANNELS;
  error?: MessageKey | undefined;
  values?: Record<string, string>;
}) {
  const frame = usePage();
  const { t } = frame;
  const v = (name: string) => values?.[name] ?? '';
  return (
    <Layout title={t('routes.title')}>
      <h1>{t('routes.title')}</h1>
      <p class="muted">{t('routes.intro')}</p>
      {routes.length === 0 ? <p class="muted">{t('routes.empty')}</p> : null}
      <ul class="rows">
        {routes.map((route) => (
          <li>
            <div class="row-body">
              <span class="row-title">{route.name}</span>{' '}
              <span class="tag">{catalogLabel(frame.t, 'channel', route.channel)}</span>{' '}
              <span class="tag">{route.active ? t('routes.active') : t('routes.off')}</span>
              <br />
              <span class="muted mono">{route.url}</span>
              <br />
              <span class="muted">
                {route.userEmail ?? regionNameOf(frame, regions, route.regionId)} ·{' '}
                {frame.t('routes.ratePerMinute', { rate: route.ratePerMinute })}
              </span>
            </div>
            <PostButton
              action={`/admin/routes/${route.id}/toggle`}
              label={t('routes.toggle')}
              formClass="row-actions"
              buttonClass="secondary"
            />
          </li>
        ))}
      </ul>
      <form class="card" method="post" action="/admin/routes">
        <CsrfField />
        <SubmissionKeyField />
        <h2>{t('routes.create')}</h2>
        <Notice text={error ? t(error) : undefined} bad />
        <label for="route-name">{t('routes.name')}</label>
        <input id="route-name" name="name" type="text" required maxlength={80} value={v('name')} />
        <label for="route-channel">{t('routes.channel')}</label>
        <select id="route-channel" name="channel">
          {channels.map((channel) => (
            <option value={channel} selected={v('channel') === channel}>
              {catalogLabel(frame.t, 'channel', channel)}
            </option>
          ))}
        </select>
        <label for="route-url">{t('routes.url')}</label>
        <input id="route-url" name="url" type="url" required maxlength={500} value={v('url')} />
        <label for="route-secret">{t('routes.secret')}</label>
        <input
          id="route-secret"
          name="secret"
          type="text"
          maxlength={200}
          value={v('secret')}
          autocomplete="off"
        />
        <label for="route-user">{t('routes.user')}</label>
        <input id="route-user" name="userEmail" type="email" value={v('userEmail')} />
        <label for="route-region">{t('routes.region')}</label>
        <select id="route-region" name="regionId">
          <option value=""></option>
          {regions.map((region) => (
            <option value={region.id} selected={v('regionId') === region.id}>
              {regionName(frame, region)}
            </option>
          ))}
        </select>
        <label for="route-rate">{t('routes.rate')}</label>
        <input
          id="route-rate"
          name="ratePerMinute"
          type="number"
          min={1}
          max={600}
          value={v('ratePerMinute') || '20'}
        />
        <p>
          <button type="submit">{t('routes.create')}</button>
        </p>
      </form>
    </Layout>
  );
}

export function KeywordsPage({
  keywords,
  error,
}: {
  keywords: (typeof keywordRules.$inferSelect)[];
  error?: MessageKey | undefined;
}) {
  const { t } = usePage();
  return (
    <Layout title={t('keywords.title')}>
      <h1>{t('keywords.title')}</h1>
      <p class="muted">{t('keywords.intro')}</p>
      <ul class="rows">
        {keywords.map((rule) => (
          <li>
            <div class="row-body">
              <span class="row-title">{rule.keyword}</span>{' '}
              <span class="tag">{catalogLabel(t, 'keywords.language', rule.language)}</span>{' '}
              <span class="tag">{rule.active ? t('routes.active') : t('routes.off')}</span>
            </div>
            <PostButton
              action={`/admin/keywords/${rule.id}/toggle`}
              label={t('routes.toggle')}
              formClass="row-actions"
              buttonClass="secondary"
            />
          </li>
        ))}
      </ul>
      <form class="card search" method="post" action="/admin/keywords">
        <CsrfField />
        <SubmissionKeyField />
        <Notice text={error ? t(error) : undefined} bad />
        <input
          name="keyword"
          type="text"
          required
          maxlength={40}
          aria-label={t('keywords.keyword')}
          placeholder={t('keywords.keyword')}
        />
        <select name="language" aria-label={t('keywords.language')}>
          <option value="en">{t('keywords.language.en')}</option>
          <option value="zh">{t('keywords.language.zh')}</option>
        </select>
        <button type="submit">{t('keywords.add')}</button>
      </form>
    </Layout>
  );
}

export function SourcesPage({
  sources,
  regions,
  origin,
  notice,
  error,
}: {
  sources: (typeof webhookSources.$inferSelect)[];
  regions: Region[];
  origin: string;
  notice?: string | undefined;
  error?: MessageKey | undefined;
}) {
  const frame = usePage();
  const { t } = frame;
  const endpoint = (source: typeof webhookSources.$inferSelect) =>
    ['standard', 'generic', 'typeform', 'tally'].includes(source.provider)
      ? `${origin}/webhooks/forms/${source.id}`
      : `${origin}/webhooks/${source.provider}`;
  return (
    <Layout title={t('sources.title')}>
      <h1>{t('sources.title')}</h1>
      <p class="muted">{t('sources.intro')}</p>
      <Notice text={notice} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('routes.name')}</th>
              <th>{t('sources.provider')}</th>
              <th>{t('sources.endpoint')}</th>
              <th>{t('sources.defaultRegion')}</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((source) => (
              <tr>
                <td>{source.name}</td>
                <td>{catalogLabel(t, 'provider', source.provider)}</td>
                <td class="mono">{endpoint(source)}</td>
                <td>{regionNameOf(frame, regions, source.defaultRegionId)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form class="card" method="post" action="/admin/sources">
        <CsrfField />
        <SubmissionKeyField />
        <h2>{t('sources.create')}</h2>
        <Notice text={error ? t(error) : undefined} bad />
        <label for="source-name">{t('routes.name')}</label>
        <input id="source-name" name="name" type="text" required maxlength={80} />
        <label for="source-provider">{t('sources.provider')}</label>
        <select id="source-provider" name="provider">
          {['standard', 'generic', 'typeform', 'tally'].map((provider) => (
            <option value={provider}>{catalogLabel(t, 'provider', provider)}</option>
          ))}
        </select>
        <label for="source-region">{t('sources.defaultRegion')}</label>
        <select id="source-region" name="defaultRegionId">
          {regions.map((region) => (
            <option value={region.id}>{regionName(frame, region)}</option>
          ))}
        </select>
        <label for="source-mapping">{t('sources.mapping')}</label>
        <textarea
          id="source-mapping"
          name="mapping"
          rows={3}
          placeholder='{"name":"contact.full_name","phone":"contact.mobile"}'
        ></textarea>
        <p>
          <button type="submit">{t('sources.create')}</button>
        </p>
      </form>
    </Layout>
  );
}
