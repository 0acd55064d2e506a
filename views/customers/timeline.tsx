import type { Child } from 'hono/jsx';
import { formatDateTime, formatDistance } from '../../worker/platform/http/format';
import { auditActionLabel, auditSummary } from '../../worker/platform/i18n/audit-actions';
import { catalogLabel } from '../../worker/platform/i18n/labels';
import type { TimelineEntry, TimelinePage } from '../../worker/customers/timeline';
import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { MoreListItem } from '../platform/more-link';

type VisitRow = Extract<TimelineEntry, { kind: 'visit' }>['visit'];

/** When and who, the first line of every entry (times in the customer's region). */
function When({ at, who, timeZone }: { at: number; who: string | null; timeZone: string }) {
  const { t, locale } = usePage();
  return (
    <p class="muted">
      {formatDateTime(at, locale, timeZone)} · {who ?? t('timeline.nobody')}
    </p>
  );
}

/** A visit: check-in, stage reached, summary, commitment and photo. */
function VisitEntry({ visit, timeZone }: { visit: VisitRow; timeZone: string }) {
  const { t, locale } = usePage();
  return (
    <li class="visit">
      <p class="muted">
        {formatDateTime(visit.visitedAt, locale, timeZone)} · {visit.repName} ·{' '}
        {visit.checkInStatus === 'out_of_range'
          ? t('checkIn.out_of_range', {
              distance:
                visit.checkInDistanceM === null
                  ? '?'
                  : formatDistance(visit.checkInDistanceM, locale),
            })
          : t(`checkIn.${visit.checkInStatus}`)}
        {visit.stageReached ? ` · ${t(`stage.${visit.stageReached}`)}` : ''}
      </p>
      <p>{visit.summary}</p>
      {visit.commitmentText && visit.commitmentDueAt ? (
        <p class="muted">
          {t('customer.commitment', {
            text: visit.commitmentText,
            due: formatDateTime(visit.commitmentDueAt, locale, timeZone),
          })}
        </p>
      ) : null}
      {visit.photoKey ? (
        <a href={`/${visit.photoKey}`}>
          <img src={`/${visit.photoKey}`} alt={t('customer.photo')} width={160} loading="lazy" />
        </a>
      ) : null}
    </li>
  );
}

/** One event: when and who, what happened in bold (then `tail` on that line), then `children`. */
function EventItem({
  kind,
  entry,
  who,
  timeZone,
  title,
  tail,
  children,
}: {
  kind: string;
  entry: TimelineEntry;
  who: string | null;
  timeZone: string;
  title: string;
  tail?: Child;
  children?: Child;
}) {
  return (
    <li class={`event ${kind}`}>
      <When at={entry.at} who={who} timeZone={timeZone} />
      <p>
        <strong>{title}</strong>
        {tail}
      </p>
      {children}
    </li>
  );
}

function Entry({ entry, timeZone }: { entry: TimelineEntry; timeZone: string }) {
  const { t } = usePage();
  const event = { entry, timeZone };
  switch (entry.kind) {
    case 'visit':
      return <VisitEntry visit={entry.visit} timeZone={timeZone} />;
    case 'message':
      return (
        <EventItem
          {...event}
          kind="message"
          who={entry.message.sender}
          title={t('timeline.message', {
            channel: catalogLabel(t, 'channel', entry.message.channel),
          })}
        >
          <p>{entry.message.text}</p>
        </EventItem>
      );
    case 'lead':
      return (
        <EventItem
          {...event}
          kind="lead"
          who={entry.lead.assigneeName}
          title={t('timeline.lead', { channel: catalogLabel(t, 'channel', entry.lead.channel) })}
          tail={
            <>
              {' · '}
              <a href={`/leads/${encodeURIComponent(entry.lead.id)}`}>
                {entry.lead.name}
                {entry.lead.company ? ` · ${entry.lead.company}` : ''}
              </a>
            </>
          }
        />
      );
    case 'lead_touch':
      return (
        <EventItem
          {...event}
          kind="lead-touch"
          who={entry.touch.leadName}
          title={t('timeline.leadTouch', {
            channel: catalogLabel(t, 'channel', entry.touch.channel),
          })}
        >
          {entry.touch.message ? <p>{entry.touch.message}</p> : null}
        </EventItem>
      );
    case 'stage':
      return (
        <EventItem
          {...event}
          kind="stage"
          who={entry.change.who}
          title={
            entry.change.fromStage
              ? t('timeline.stage', {
                  deal: entry.change.dealName,
                  from: t(`stage.${entry.change.fromStage}`),
                  to: t(`stage.${entry.change.toStage}`),
                })
              : t('timeline.stageOpened', {
                  deal: entry.change.dealName,
                  to: t(`stage.${entry.change.toStage}`),
                })
          }
        />
      );
    case 'feedback':
      // The customer's answers to the feedback link after the first visit (worker/follow-up).
      return (
        <EventItem
          {...event}
          kind="feedback"
          who={entry.feedback.recipientName}
          title={t('timeline.feedback', { score: entry.feedback.satisfaction ?? '–' })}
          tail={
            entry.feedback.wantsCall
              ? ` · ${t('timeline.feedback.wantsCall')}`
              : ` · ${t('timeline.feedback.noCall')}`
          }
        >
          {entry.feedback.comment ? <p>{entry.feedback.comment}</p> : null}
        </EventItem>
      );
    case 'audit': {
      const summary = auditSummary(entry.entry.detail);
      return (
        <EventItem
          {...event}
          kind="audit"
          who={entry.entry.who}
          title={auditActionLabel(t, entry.entry.action)}
          tail={summary ? ` · ${summary}` : ''}
        />
      );
    }
  }
}

/** Timeline entries plus the "older" link; htmx swaps the link for the next page, or it is a page. */
export function TimelineEntries({
  customerId,
  page,
  timeZone,
}: {
  customerId: string;
  page: TimelinePage;
  timeZone: string;
}) {
  const { t } = usePage();
  const olderHref = page.nextCursor
    ? `/customers/${customerId}/timeline?before=${encodeURIComponent(page.nextCursor)}`
    : null;
  return (
    <>
      {page.items.map((entry) => (
        <Entry entry={entry} timeZone={timeZone} />
      ))}
      {olderHref ? (
        <MoreListItem id="older-events" href={olderHref} label={t('timeline.older')} />
      ) : null}
    </>
  );
}

/** The customer page's one timeline of everything that happened with the customer. */
export function CustomerTimeline({
  customer,
}: {
  customer: { id: string; timeZone: string; timeline: TimelinePage };
}) {
  const { t } = usePage();
  return (
    <section class="card" id="timeline">
      <h2>{t('timeline.title')}</h2>
      {customer.timeline.items.length === 0 ? <p class="muted">{t('timeline.empty')}</p> : null}
      <ul class="timeline">
        <TimelineEntries
          customerId={customer.id}
          page={customer.timeline}
          timeZone={customer.timeZone}
        />
      </ul>
    </section>
  );
}

/** An older page of the timeline as a page of its own (without JS). */
export function CustomerTimelinePage({
  customer,
}: {
  customer: { id: string; name: string; timeZone: string; timeline: TimelinePage };
}) {
  const { t } = usePage();
  return (
    <Layout title={`${customer.name} · ${t('timeline.title')}`}>
      <h1>
        <a href={`/customers/${customer.id}`}>{customer.name}</a>
      </h1>
      <ul class="timeline">
        <TimelineEntries
          customerId={customer.id}
          page={customer.timeline}
          timeZone={customer.timeZone}
        />
      </ul>
    </Layout>
  );
}
