/**
 * What the region wall records in D1, and how. Each event is applied in one D1 batch keyed by
 * its event id (wall_events, escalations, notification dedupe keys), so a flush retried after a
 * failure, or an event applied twice, leaves exactly one record. (The outbox that feeds them in
 * order is outbox.ts.)
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '../../worker/platform/db/client';
import {
  customers,
  deals,
  escalations,
  LOCALES,
  regions,
  tasks,
  users,
  wallEvents,
  type Locale,
  type NotificationParams,
} from '../../worker/platform/db/schema';
import { formatDate } from '../../worker/platform/http/format';
import { inboxAndRoutes } from '../../worker/notifications/routing';
import { translator, type MessageKey } from '../../worker/platform/i18n';
import { keyedMessage } from '../../worker/notifications/message';
import type { TaskEvidence } from './escalation-rules';
import type { TaskEventKind } from './wall-rules';
import { TIMER_KINDS, type EscalationKind, type TimerKind } from './timer-kinds';

type TaskSnapshot = {
  id: string;
  status: 'open' | 'claimed' | 'done' | 'cancelled';
  claimedBy: string | null;
  claimedAt: number | null;
  completedAt: number | null;
  evidence: TaskEvidence | null;
};

/** `dueAt`: when the step really became due (absent on events queued before it was recorded). */
type TimerEventBase = {
  eventId: string;
  occurredAt: number;
  dueAt?: number;
  subjectType: string;
  subjectId: string;
  ownerId: string | null;
  title: string;
  titleZh?: string | null;
};
type Notify = ('manager' | 'director')[];

export type WallEvent =
  | {
      eventId: string;
      kind: TaskEventKind;
      occurredAt: number;
      actorId: string;
      task: TaskSnapshot;
    }
  | (TimerEventBase & { kind: 'reminder'; reminder: TimerKind })
  | (TimerEventBase & { kind: 'escalation'; escalation: EscalationKind; notify: Notify })
  /** One message per rep and day naming every deal that went stale. */
  | {
      eventId: string;
      kind: 'reminder_digest';
      occurredAt: number;
      ownerId: string;
      reminder: 'stale_deal';
      items: { subjectId: string; title: string; dueAt: number }[];
    }
  /** One message per recipient for the escalations of a kind opened together. */
  | {
      eventId: string;
      kind: 'escalation_digest';
      occurredAt: number;
      escalation: EscalationKind;
      count: number;
      notify: Notify;
    };

/** A catalog text as a parameter that reads in each reader's language. */
const inEveryLocale = (key: MessageKey) => ({
  en: translator('en')(key),
  'zh-CN': translator('zh-CN')(key),
});

// The subject's words (a task's title) in each reader's language when it has a Chinese wording.
const subjectParams = (event: TimerEventBase): NotificationParams =>
  event.titleZh ? { subject: { en: event.title, 'zh-CN': event.titleZh } } : {};
const subjectBody = (event: TimerEventBase) =>
  event.titleZh ? { bodyKey: 'notification.subject' as const } : { text: event.title };

export async function applyWallEvent(
  db: Database,
  regionId: string,
  event: WallEvent,
): Promise<void> {
  const record = db
    .insert(wallEvents)
    .values({
      eventId: event.eventId,
      regionId,
      kind: event.kind,
      taskId:
        'task' in event
          ? event.task.id
          : 'subjectType' in event && event.subjectType === 'task'
            ? event.subjectId
            : null,
      actorId: 'actorId' in event ? event.actorId : null,
      payload: event as unknown as Record<string, unknown>,
      occurredAt: event.occurredAt,
    })
    .onConflictDoNothing({ target: wallEvents.eventId });

  if (event.kind === 'reminder') {
    if (!event.ownerId) {
      await record;
      return;
    }
    const [owner] = await db
      .select({ locale: users.locale })
      .from(users)
      .where(eq(users.id, event.ownerId))
      .limit(1);
    await db.batch([
      record,
      ...inboxAndRoutes(db, {
        recipientId: event.ownerId,
        kind: `reminder.${event.reminder}`,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        ...keyedMessage(
          owner?.locale ?? 'en',
          TIMER_KINDS[event.reminder].reminderTitle,
          subjectParams(event),
          subjectBody(event),
        ),
        dedupeKey: event.eventId,
        now: event.occurredAt,
      }),
    ]);
    return;
  }

  if (event.kind === 'reminder_digest') {
    await db.batch([record, ...(await staleDealDigest(db, regionId, event))]);
    return;
  }

  if (event.kind === 'escalation_digest') {
    const recipients = await recipientsOf(db, regionId, event.notify);
    await db.batch([
      record,
      ...recipients.flatMap((recipient) =>
        inboxAndRoutes(db, {
          recipientId: recipient.id,
          kind: `escalation.${event.escalation}.digest`,
          // Links to the board, filtered to this kind.
          subjectType: 'escalations',
          subjectId: event.escalation,
          ...keyedMessage(
            recipient.locale ?? 'en',
            'inbox.escalationDigest',
            { count: event.count, what: inEveryLocale(`inbox.escalation.${event.escalation}`) },
            { bodyKey: 'inbox.escalationDigestBody' },
          ),
          dedupeKey: `${event.eventId}:${recipient.id}`,
          now: event.occurredAt,
        }),
      ),
    ]);
    return;
  }

  if (event.kind === 'escalation') {
    // Only announced escalations read their recipients first; a silent one (one of a digest) is one
    // batch, so a region's first wake-up costs one round trip per escalation, not two.
    const recipients = await recipientsOf(db, regionId, event.notify);
    // Its notifications link to this row (written in the same batch, so retries keep both or neither).
    const escalationId = crypto.randomUUID();
    await db.batch([
      record,
      db
        .insert(escalations)
        .values({
          id: escalationId,
          eventId: event.eventId,
          regionId,
          kind: event.escalation,
          subjectType: event.subjectType,
          subjectId: event.subjectId,
          // The region's manager owns the board row, whether or not this one is announced.
          ownerId: regionManagerId(regionId),
          subjectOwnerId: event.ownerId,
          title: event.title,
          titleZh: event.titleZh ?? null,
          status: 'open',
          openedAt: event.occurredAt,
          dueAt: event.dueAt ?? event.occurredAt,
        })
        .onConflictDoNothing({ target: escalations.eventId }),
      ...recipients.flatMap((recipient) =>
        inboxAndRoutes(db, {
          recipientId: recipient.id,
          kind: `escalation.${event.escalation}`,
          subjectType: 'escalation',
          subjectId: escalationId,
          ...keyedMessage(
            recipient.locale ?? 'en',
            `inbox.escalation.${event.escalation}`,
            subjectParams(event),
            subjectBody(event),
          ),
          dedupeKey: `${event.eventId}:${recipient.id}`,
          now: event.occurredAt,
        }),
      ),
    ]);
    return;
  }

  // Task changes: the history row, and the task's current state (applied in order).
  const { task } = event;
  await db.batch([
    record,
    db
      .update(tasks)
      .set({
        status: task.status,
        claimedBy: task.claimedBy,
        claimedAt: task.claimedAt,
        completedAt: task.completedAt,
        evidencePhotoKey: task.evidence?.photoKey ?? null,
        evidenceLat: task.evidence?.lat ?? null,
        evidenceLng: task.evidence?.lng ?? null,
        evidenceNote: task.evidence?.note ?? null,
        lagReason: task.evidence?.lagReason ?? null,
        lagNote: task.evidence?.lagNote ?? null,
      })
      .where(eq(tasks.id, task.id)),
  ]);
}

/** Who hears of an escalation: the region's manager and/or the director. */
function recipientsOf(db: Database, regionId: string, notify: Notify) {
  if (notify.length === 0) return Promise.resolve([]);
  return db
    .select({ id: users.id, role: users.role, locale: users.locale })
    .from(users)
    .where(
      and(
        eq(users.active, true),
        or(
          notify.includes('manager')
            ? and(eq(users.role, 'manager'), eq(users.regionId, regionId))
            : undefined,
          notify.includes('director') ? eq(users.role, 'director') : undefined,
        ),
      ),
    );
}

/** The region's (first) active manager, as a subquery of the statement that needs it. */
function regionManagerId(regionId: string) {
  return sql<
    string | null
  >`(select ${users.id} from ${users} where ${users.active} = 1 and ${users.role} = 'manager' and ${users.regionId} = ${regionId} order by ${users.id} limit 1)`;
}

/** D1 binds at most 100 values a statement. */
const ID_CHUNK = 90;

/** The digest's message: each deal with its customer and the day it went stale. */
async function staleDealDigest(
  db: Database,
  regionId: string,
  event: Extract<WallEvent, { kind: 'reminder_digest' }>,
) {
  const ids = event.items.map((item) => item.subjectId);
  const [[owner], [region], ...chunks] = await db.batch([
    db.select({ locale: users.locale }).from(users).where(eq(users.id, event.ownerId)).limit(1),
    db
      .select({ timeZone: regions.timeZone })
      .from(regions)
      .where(eq(regions.id, regionId))
      .limit(1),
    ...Array.from({ length: Math.max(1, Math.ceil(ids.length / ID_CHUNK)) }, (_, i) =>
      db
        .select({ dealId: deals.id, customerName: customers.name })
        .from(deals)
        .leftJoin(customers, eq(customers.id, deals.customerId))
        .where(inArray(deals.id, ids.slice(i * ID_CHUNK, (i + 1) * ID_CHUNK))),
    ),
  ]);
  const customerOf = new Map(chunks.flat().map((row) => [row.dealId, row.customerName]));
  // One line a deal, written in each language so the body follows the reader's current one.
  const linesIn = (locale: Locale) => {
    const t = translator(locale);
    return event.items
      .map((item) => {
        const customer = customerOf.get(item.subjectId);
        return t('reminder.staleDealDigestLine', {
          deal: customer ? `${customer} — ${item.title}` : item.title,
          date: formatDate(item.dueAt, locale, region?.timeZone ?? 'UTC'),
        });
      })
      .join('\n');
  };
  const lines = Object.fromEntries(LOCALES.map((locale) => [locale, linesIn(locale)])) as Record<
    Locale,
    string
  >;
  return inboxAndRoutes(db, {
    recipientId: event.ownerId,
    kind: 'reminder.stale_deal.digest',
    // Links to the rep's list of stale deals, each with its customer.
    subjectType: 'stale_deals',
    subjectId: event.ownerId,
    ...keyedMessage(
      owner?.locale ?? 'en',
      'reminder.staleDealDigest',
      { count: event.items.length, subject: lines },
      { bodyKey: 'notification.subject' },
    ),
    dedupeKey: event.eventId,
    now: event.occurredAt,
  });
}
