import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import {
  notificationRoutes,
  notifications,
  users,
  type NotificationParams,
} from '../platform/db/schema';

/**
 * The outbound copies of an inbox notification: one per active route of its recipient or of the
 * recipient's region, keyed `<inbox dedupe key>:<route id>` so producing it again adds nothing.
 * Returns a statement to put in the same batch as the inbox notification.
 */
export function routedCopies(db: Database, inbox: InboxNotice) {
  const recipientRegion = db
    .select({ regionId: users.regionId })
    .from(users)
    .where(eq(users.id, inbox.recipientId));
  return db
    .insert(notifications)
    .select(
      db
        .select({
          id: sql<string>`lower(hex(randomblob(16)))`.as('id'),
          recipientId: sql<string>`${inbox.recipientId}`.as('recipient_id'),
          channel: notificationRoutes.channel,
          kind: sql<string>`${inbox.kind}`.as('kind'),
          subjectType: sql<string | null>`${inbox.subjectType}`.as('subject_type'),
          subjectId: sql<string | null>`${inbox.subjectId}`.as('subject_id'),
          title: sql<string>`${inbox.title}`.as('title'),
          body: sql<string>`${inbox.body}`.as('body'),
          titleKey: sql<string | null>`${inbox.titleKey ?? null}`.as('title_key'),
          bodyKey: sql<string | null>`${inbox.bodyKey ?? null}`.as('body_key'),
          messageParams: sql<
            string | null
          >`${inbox.messageParams ? JSON.stringify(inbox.messageParams) : null}`.as(
            'message_params',
          ),
          status: sql<'pending'>`'pending'`.as('status'),
          dedupeKey: sql<string>`${inbox.dedupeKey} || ':' || ${notificationRoutes.id}`.as(
            'dedupe_key',
          ),
          routeId: notificationRoutes.id,
          claimedUntil: sql<null>`null`.as('claimed_until'),
          attempts: sql<number>`0`.as('attempts'),
          dueAt: sql<number>`${inbox.now}`.as('due_at'),
          sentAt: sql<null>`null`.as('sent_at'),
          readAt: sql<null>`null`.as('read_at'),
          lastError: sql<null>`null`.as('last_error'),
          createdAt: sql<number>`${inbox.now}`.as('created_at'),
        })
        .from(notificationRoutes)
        .where(
          and(
            eq(notificationRoutes.active, true),
            or(
              eq(notificationRoutes.userId, inbox.recipientId),
              inbox.personalOnly
                ? undefined
                : eq(notificationRoutes.regionId, sql`(${recipientRegion})`),
            ),
          ),
        ),
    )
    .onConflictDoNothing({ target: notifications.dedupeKey });
}

/**
 * The outbound copies of many inbox notifications already written in the batch (`inboxWhere` picks
 * them from `notifications as inbox`), for set-based producers (the scheduled jobs, through
 * `setStatement`): the same routes and keys as `routedCopies`, one statement for every recipient.
 */
export function routedCopiesOf(inboxWhere: SQL): SQL {
  return sql`
    insert into ${notifications} (id, recipient_id, channel, kind, subject_type, subject_id, title,
      body, title_key, body_key, message_params, status, dedupe_key, route_id, attempts, due_at,
      created_at)
    select lower(hex(randomblob(16))), inbox.recipient_id, route.channel, inbox.kind,
      inbox.subject_type, inbox.subject_id, inbox.title, inbox.body, inbox.title_key,
      inbox.body_key, inbox.message_params, 'pending', inbox.dedupe_key || ':' || route.id,
      route.id, 0, inbox.due_at, inbox.created_at
    from ${notifications} as inbox
    join ${users} as recipient on recipient.id = inbox.recipient_id
    join ${notificationRoutes} as route on route.active = 1
      and (route.user_id = inbox.recipient_id or route.region_id = recipient.region_id)
    where inbox.channel = 'inbox' and ${inboxWhere}
    on conflict (dedupe_key) do nothing`;
}

/**
 * `title`/`body` are the text as first written; with `titleKey` (and `bodyKey`) and their
 * parameters each reader sees it in their own language (see message.ts, `keyedMessage`).
 */
export type InboxNotice = {
  recipientId: string;
  kind: string;
  title: string;
  body: string;
  titleKey?: string | null;
  bodyKey?: string | null;
  messageParams?: NotificationParams | null;
  subjectType: string | null;
  subjectId: string | null;
  dedupeKey: string;
  now: number;
  /** Only the recipient's own routes, never the region's group chats (a one-time link is private). */
  personalOnly?: boolean;
};

/** The in-app notification (visible at once) and its outbound copies, for one batch. */
export function inboxAndRoutes(db: Database, notice: InboxNotice) {
  return [
    db
      .insert(notifications)
      .values({
        id: crypto.randomUUID(),
        recipientId: notice.recipientId,
        channel: 'inbox',
        kind: notice.kind,
        subjectType: notice.subjectType,
        subjectId: notice.subjectId,
        title: notice.title,
        body: notice.body,
        titleKey: notice.titleKey ?? null,
        bodyKey: notice.bodyKey ?? null,
        messageParams: notice.messageParams ?? null,
        status: 'sent',
        dedupeKey: notice.dedupeKey,
        dueAt: notice.now,
        sentAt: notice.now,
        createdAt: notice.now,
      })
      .onConflictDoNothing({ target: notifications.dedupeKey }),
    routedCopies(db, notice),
  ] as const;
}
