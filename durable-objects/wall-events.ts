/**
 * What the region wall records in D1, and how. Each event is applied in one D1 batch keyed by
 * its event id (wall_events, escalations, notification dedupe keys), so a flush retried after a
 * failure, or an event applied twice, leaves exactly one record.
 */
import { and, eq, or } from 'drizzle-orm';
import type { Database } from '../worker/db/client';
import { escalations, tasks, users, wallEvents, type NotificationParams } from '../worker/db/schema';
import { inboxAndRoutes } from '../worker/notifications/routing';
import type { MessageKey } from '../worker/i18n';
import { keyedMessage } from '../worker/notifications/message';
import type { EscalationKind, TaskEvidence, TimerKind } from './escalation-rules';

type TaskSnapshot = {
  id: string;
  status: 'open' | 'claimed' | 'done' | 'cancelled';
  claimedBy: string | null;
  claimedAt: number | null;
  completedAt: number | null;
  evidence: TaskEvidence | null;
};

type TimerEventBase = { eventId: string; occurredAt: number; subjectType: string; subjectId: string; ownerId: string | null; title: string; titleZh?: string | null };

export type WallEvent =
  | { eventId: string; kind: 'task.claimed' | 'task.released' | 'task.reassigned' | 'task.completed'; occurredAt: number; actorId: string; task: TaskSnapshot }
  | (TimerEventBase & { kind: 'reminder'; reminder: TimerKind })
  | (TimerEventBase & { kind: 'escalation'; escalation: EscalationKind; notify: ('manager' | 'director')[] });

// The subject's words (a task's title) in each reader's language when it has a Chinese wording.
const subjectParams = (event: TimerEventBase): NotificationParams => (event.titleZh ? { subject: { en: event.title, 'zh-CN': event.titleZh } } : {});
const subjectBody = (event: TimerEventBase) => (event.titleZh ? { bodyKey: 'notification.subject' as const } : { text: event.title });

const REMINDER_TITLES: Record<TimerKind, MessageKey> = {
  lead_first_touch: 'reminder.lead_first_touch',
  stale_deal: 'reminder.stale_deal',
  commitment: 'reminder.commitment',
  task_overdue: 'reminder.task_overdue',
};

export async function applyWallEvent(db: Database, regionId: string, event: WallEvent): Promise<void> {
  const record = db
    .insert(wallEvents)
    .values({
      eventId: event.eventId,
      regionId,
      kind: event.kind,
      taskId: 'task' in event ? event.task.id : event.subjectType === 'task' ? event.subjectId : null,
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
    const [owner] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, event.ownerId)).limit(1);
    await db.batch([
      record,
      ...inboxAndRoutes(db, {
        recipientId: event.ownerId,
        kind: `reminder.${event.reminder}`,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        ...keyedMessage(owner?.locale ?? 'en', REMINDER_TITLES[event.reminder], subjectParams(event), subjectBody(event)),
        dedupeKey: event.eventId,
        now: event.occurredAt,
      }),
    ]);
    return;
  }

  if (event.kind === 'escalation') {
    const recipients = await db
      .select({ id: users.id, role: users.role, locale: users.locale })
      .from(users)
      .where(
        and(
          eq(users.active, true),
          or(
            event.notify.includes('manager') ? and(eq(users.role, 'manager'), eq(users.regionId, regionId)) : undefined,
            event.notify.includes('director') ? eq(users.role, 'director') : undefined,
          ),
        ),
      );
    const manager = recipients.find((r) => r.role === 'manager');
    await db.batch([
      record,
      db
        .insert(escalations)
        .values({
          id: crypto.randomUUID(),
          eventId: event.eventId,
          regionId,
          kind: event.escalation,
          subjectType: event.subjectType,
          subjectId: event.subjectId,
          ownerId: manager?.id ?? null,
          subjectOwnerId: event.ownerId,
          title: event.title,
          titleZh: event.titleZh ?? null,
          status: 'open',
          openedAt: event.occurredAt,
        })
        .onConflictDoNothing({ target: escalations.eventId }),
      ...recipients.flatMap((recipient) =>
        inboxAndRoutes(db, {
          recipientId: recipient.id,
          kind: `escalation.${event.escalation}`,
          subjectType: event.subjectType,
          subjectId: event.subjectId,
          ...keyedMessage(recipient.locale ?? 'en', `inbox.escalation.${event.escalation}`, subjectParams(event), subjectBody(event)),
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
