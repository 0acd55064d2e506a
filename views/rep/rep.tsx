import type {
  repExpiringContracts,
  repHomeCounts,
  repInbox,
  TodayItem,
} from '../../worker/rep/queries';
import { pluralTemplates } from '../../worker/platform/i18n';
import {
  formatDate,
  formatDateTime,
  formatDuration,
  formatMoney,
  formatRelative,
} from '../../worker/platform/http/format';
import { Layout, PostButton } from '../platform/layout';
import { usePage } from '../platform/page';
import { HealthBadge } from '../customers/customers';
import { RepTaskSections } from '../tasks/tasks';
import { FirstTouchForm } from '../leads/first-touch-form';
import { NotificationText } from '../notifications/inbox';
import type { WallTask } from '../../durable-objects/region-wall/region-wall';

type Counts = Awaited<ReturnType<typeof repHomeCounts>>;

/** Filled in by the service worker script from the phone's offline queue; the server says "saved". */
function SyncStatus() {
  const frame = usePage();
  const { t } = frame;
  // One template per plural form of the language (data-waiting-one, data-waiting-other…).
  const waiting = Object.fromEntries(
    Object.entries(pluralTemplates(frame.locale, 'sync.waiting')).map(([form, text]) => [
      `data-waiting-${form}`,
      text,
    ]),
  );
  return (
    <p
      id="sync-status"
      class="sync muted"
      role="status"
      aria-live="polite"
      {...waiting}
      data-last={t('sync.lastSync')}
      data-offline={t('sync.offline')}
    >
      {t('sync.allSynced')}
    </p>
  );
}

export function RepHomePage({ counts }: { counts: Counts }) {
  const { t } = usePage();
  const tiles = [
    {
      href: '/rep/today',
      label: t('rep.home.today'),
      hint: t('rep.home.todayHint'),
      count: counts.today,
      id: 'tile-today',
    },
    {
      href: '/rep/contracts',
      label: t('rep.home.expiring'),
      hint: t('rep.home.expiringHint'),
      count: counts.expiringContracts,
      id: 'tile-contracts',
    },
    {
      href: '/rep/inbox',
      label: t('rep.home.urgent'),
      hint: t('rep.home.urgentHint'),
      count: counts.urgent,
      id: 'tile-urgent',
    },
  ];
  return (
    <Layout title={t('rep.home.title')}>
      <h1 class="skip">{t('rep.home.title')}</h1>
      <nav class="tiles" aria-label={t('rep.home.title')}>
        {tiles.map((tile) => (
          <a class="tile" href={tile.href} id={tile.id}>
            <span class="tile-count">{tile.count}</span>
            <span class="tile-label">{tile.label}</span>
            <span class="tile-hint">{tile.hint}</span>
          </a>
        ))}
      </nav>
      <p class="actions">
        <a class="button wide" href="/customers/new" id="new-customer">
          {t('customer.new.button')}
        </a>
      </p>
      <SyncStatus />
    </Layout>
  );
}

export function TodayPage({
  items,
  tasks,
  notice,
}: {
  items: TodayItem[];
  tasks: { mine: WallTask[]; open: WallTask[] };
  notice?: string | undefined;
}) {
  const frame = usePage();
  const { t, now } = frame;
  return (
    <Layout title={t('today.title')} live>
      <h1>{t('today.title')}</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {items.length === 0 && tasks.mine.length === 0 ? (
        <p class="muted">{t('today.empty')}</p>
      ) : null}
      <ul class="rows" id="today-list">
        {items.map((item) => (
          <li class={item.dueAt < now ? 'overdue' : undefined}>
            <div class="row-body">
              <span class="row-title">{item.customerName}</span>{' '}
              <HealthBadge score={item.healthScore} band={item.healthBand} />
              <br />
              <span class="muted">
                {t('today.followUp')} ·{' '}
                {item.dueAt < now ? <strong class="late">{t('today.overdue')}</strong> : null}{' '}
                {formatRelative(item.dueAt, now, t)}
              </span>
            </div>
            <div class="row-actions">
              <a class="button" href={`/customers/${item.customerId}/visits/new`}>
                {t('today.logVisit')}
              </a>
              {item.phone ? (
                <a class="button secondary" href={`tel:${item.phone}`}>
                  {t('today.call')}
                </a>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      <RepTaskSections mine={tasks.mine} open={tasks.open} />
      <p hidden data-live={frame.user?.cityId ? '/wall/live' : undefined}></p>
    </Layout>
  );
}

export function ExpiringContractsPage({
  contracts,
}: {
  contracts: Awaited<ReturnType<typeof repExpiringContracts>>;
}) {
  const { t, locale, timeZone, now } = usePage();
  return (
    <Layout title={t('contracts.title')}>
      <h1>{t('contracts.title')}</h1>
      {contracts.length === 0 ? <p class="muted">{t('contracts.empty')}</p> : null}
      <ul class="rows">
        {contracts.map((contract) => (
          <li>
            <a href={`/customers/${contract.customerId}`}>
              <span class="row-title">{contract.customerName}</span>
              <br />
              <span class="muted">
                {contract.number} · {formatMoney(contract.amountCents, locale)} ·{' '}
                {t('contracts.ends')} {formatDate(contract.endAt, locale, timeZone)} (
                {formatRelative(contract.endAt, now, t)})
              </span>
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function InboxPage({
  inbox,
  notice,
}: {
  inbox: Awaited<ReturnType<typeof repInbox>>;
  notice?: string;
}) {
  const { t, now, locale, timeZone } = usePage();
  const empty = inbox.leads.length + inbox.notifications.length + inbox.escalations.length === 0;
  return (
    <Layout title={t('inbox.title')}>
      <h1>{t('inbox.title')}</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {empty ? <p class="muted">{t('inbox.empty')}</p> : null}
      {inbox.leads.length > 0 ? (
        <section>
          <h2>{t('inbox.leads')}</h2>
          <ul class="rows">
            {inbox.leads.map((lead) => {
              const deadline = lead.firstTouchDeadline ?? now;
              return (
                <li class={deadline < now ? 'overdue' : undefined} id={`lead-${lead.id}`}>
                  <div class="row-body">
                    <span class="row-title">
                      {lead.name}
                      {lead.company ? ` · ${lead.company}` : ''}
                    </span>{' '}
                    {lead.priority === 'high' ? (
                      <span class="tag high">{t('inbox.priority.high')}</span>
                    ) : null}
                    <br />
                    {lead.message ? <span>{lead.message}</span> : null}
                    <br />
                    <span class="muted">
                      {t('inbox.age', { age: formatRelative(lead.createdAt, now, t) })} ·{' '}
                      <strong class={deadline < now ? 'late' : undefined}>
                        {deadline < now
                          ? t('inbox.slaMissed', { due: formatRelative(deadline, now, t) })
                          : t('inbox.slaLeft', { due: formatRelative(deadline, now, t) })}
                      </strong>
                    </span>
                  </div>
                  <FirstTouchForm lead={lead} />
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      {inbox.escalations.length > 0 ? (
        <section>
          <h2>{t('inbox.escalations')}</h2>
          <ul class="rows">
            {inbox.escalations.map((escalation) => (
              <li>
                <div class="row-body">
                  <span class="row-title">{t(`inbox.escalation.${escalation.kind}`)}</span>
                  <br />
                  {escalation.title ? <span>{escalation.title}</span> : null}
                  <br />
                  <span class="muted">
                    {t('escalations.dueSince', {
                      date: formatDate(escalation.dueAt ?? escalation.openedAt, locale, timeZone),
                      age: formatDuration(now - (escalation.dueAt ?? escalation.openedAt), t),
                    })}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {inbox.notifications.length > 0 ? (
        <section>
          {/* Alone, the messages need no heading of their own: the page title already names them. */}
          {inbox.leads.length + inbox.escalations.length > 0 ? (
            <h2>{t('inbox.notifications')}</h2>
          ) : null}
          <ul class="rows">
            {inbox.notifications.map((notification) => (
              <li>
                <NotificationText notification={notification} />
                <PostButton
                  action={`/rep/inbox/${notification.id}/read`}
                  label={t('inbox.markRead')}
                  formClass="row-actions"
                  buttonClass="secondary"
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
