import { formatDateTime, formatRelative } from '../../worker/platform/http/format';
import { catalogLabel, localText } from '../../worker/platform/i18n/labels';
import type { LeadDetail } from '../../worker/leads/queries';
import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { FirstTouchForm } from './first-touch-form';
import { LeadConversion, type LeadConversionView } from './lead-conversion';

const TOUCH_LABEL = {
  call: 'inbox.touchCall',
  visit: 'inbox.touchVisit',
  message: 'inbox.touchMessage',
} as const;

/** One lead for whoever's scope holds it; its assigned rep also gets the first-touch buttons. */
export function LeadPage({
  lead,
  touched,
  conversion,
}: {
  lead: LeadDetail;
  touched: boolean;
  conversion?: LeadConversionView | null;
}) {
  const { t, locale, timeZone, now, user } = usePage();
  const none = t('customers.none');
  const deadline = lead.firstTouchDeadline;
  const late = lead.firstTouchAt === null && deadline !== null && deadline < now;
  const messages =
    lead.touches.length > 0
      ? lead.touches
      : lead.message
        ? [
            {
              id: lead.id,
              channel: lead.channel,
              message: lead.message,
              occurredAt: lead.createdAt,
            },
          ]
        : [];
  return (
    <Layout title={lead.name}>
      <h1>
        {lead.name}
        {lead.company ? ` · ${lead.company}` : ''}{' '}
        {lead.priority === 'high' ? <span class="tag high">{t('inbox.priority.high')}</span> : null}
      </h1>
      {touched ? (
        <p class="notice" role="status">
          {t('inbox.touched')}
        </p>
      ) : null}
      <p class={late ? 'overdue' : undefined}>
        {t('inbox.age', { age: formatRelative(lead.createdAt, now, t) })} ·{' '}
        {lead.firstTouchAt !== null ? (
          <span>
            {t('lead.touchedAt', {
              date: formatDateTime(lead.firstTouchAt, locale, timeZone),
              how: lead.firstTouchChannel ? t(TOUCH_LABEL[lead.firstTouchChannel]) : none,
            })}
          </span>
        ) : deadline !== null ? (
          <strong class={late ? 'late' : undefined}>
            {late
              ? t('inbox.slaMissed', { due: formatRelative(deadline, now, t) })
              : t('inbox.slaLeft', { due: formatRelative(deadline, now, t) })}
          </strong>
        ) : (
          <span>{t('lead.notAssigned')}</span>
        )}
      </p>
      {user?.id === lead.assigneeId && lead.firstTouchAt === null ? (
        <section class="card">
          <h2>{t('inbox.logTouch')}</h2>
          <FirstTouchForm lead={lead} backToLead />
        </section>
      ) : null}
      <section class="card">
        <dl class="facts">
          <dt>{t('lead.company')}</dt>
          <dd>{lead.company ?? none}</dd>
          <dt>{t('customers.phone')}</dt>
          <dd>{lead.phone ? <a href={`tel:${lead.phone}`}>{lead.phone}</a> : none}</dd>
          <dt>{t('lead.email')}</dt>
          <dd>{lead.email ? <a href={`mailto:${lead.email}`}>{lead.email}</a> : none}</dd>
          <dt>{t('customers.city')}</dt>
          <dd>{lead.cityName ? localText(locale, lead.cityName, lead.cityNameZh) : none}</dd>
          <dt>{t('lead.source')}</dt>
          <dd>{catalogLabel(t, 'channel', lead.channel)}</dd>
          <dt>{t('lead.priority')}</dt>
          <dd>{t(`lead.priority.${lead.priority}`)}</dd>
          <dt>{t('lead.status')}</dt>
          <dd>
            {t(`lead.status.${lead.status}`)}
            {lead.closeReason ? ` · ${lead.closeReason}` : ''}
          </dd>
          <dt>{t('lead.assignee')}</dt>
          <dd>{lead.assigneeName ?? t('lead.notAssigned')}</dd>
          {lead.customerId ? (
            <>
              <dt>{t('lead.customer')}</dt>
              <dd>
                <a href={`/customers/${lead.customerId}`}>{t('lead.openCustomer')}</a>
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      {conversion ? <LeadConversion conversion={conversion} /> : null}
      <section>
        <h2>{t('lead.messages')}</h2>
        {messages.length === 0 ? <p class="muted">{t('lead.noMessages')}</p> : null}
        <ul class="rows">
          {messages.map((touch) => (
            <li>
              <div class="row-body">
                <span class="muted">
                  {formatDateTime(touch.occurredAt, locale, timeZone)} ·{' '}
                  {catalogLabel(t, 'channel', touch.channel)}
                </span>
                <br />
                <span>{touch.message ?? none}</span>
              </div>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
