import type { inboxNotifications } from '../../worker/notifications/inbox';
import { messageIn, type StoredMessage } from '../../worker/platform/i18n/messages';
import { formatRelative } from '../../worker/platform/http/format';
import { Layout, PostButton } from '../platform/layout';
import { usePage } from '../platform/page';
import { subjectHref } from './subject-href';

type Shown = StoredMessage & {
  kind: string;
  subjectType: string | null;
  subjectId: string | null;
  createdAt: number;
};

/** A notification's title (a link to its subject when the reader can open it), body and age, in the reader's language. */
export function NotificationText({ notification }: { notification: Shown }) {
  const frame = usePage();
  const { t, now, locale, user } = frame;
  const { title, body } = messageIn(locale, notification);
  const href = user ? subjectHref(frame.can, notification) : null;
  return (
    <div class="row-body">
      {href ? (
        <a class="row-title" href={href}>
          {title}
        </a>
      ) : (
        <span class="row-title">{title}</span>
      )}
      {body ? (
        <>
          <br />
          {/* A digest's body is one line an item: each keeps its own line. */}
          <span>
            {body.split('\n').map((line, n) => (
              <>
                {n > 0 ? <br /> : null}
                {line}
              </>
            ))}
          </span>
        </>
      ) : null}
      <br />
      <span class="muted">{formatRelative(notification.createdAt, now, t)}</span>
    </div>
  );
}

/** `/inbox`: every role's notifications, unread first; each can be marked read. */
export function NotificationsPage({
  notifications,
}: {
  notifications: Awaited<ReturnType<typeof inboxNotifications>>;
}) {
  const frame = usePage();
  const { t, user } = frame;
  return (
    <Layout title={t('notifications.title')}>
      <h1>{t('notifications.title')}</h1>
      {frame.can('watchRegionWall') ? (
        <p>
          <a href="/reports">{t('reports.title')}</a>
        </p>
      ) : null}
      {notifications.length === 0 ? <p class="muted">{t('notifications.empty')}</p> : null}
      <ul class="rows" id="notifications">
        {notifications.map((notification) => (
          <li
            id={`notification-${notification.id}`}
            class={notification.readAt ? 'read' : 'unread'}
          >
            <NotificationText notification={notification} />
            {notification.readAt ? (
              <span class="muted row-actions">{t('notifications.read')}</span>
            ) : (
              <PostButton
                action={`/inbox/${notification.id}/read`}
                label={t('inbox.markRead')}
                formClass="row-actions"
                buttonClass="secondary"
              />
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
