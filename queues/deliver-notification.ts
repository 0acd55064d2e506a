/**
 * Sends one notification through its channel, at most once after a 2xx is recorded: a sender
 * first claims the notification (a second sender finds it claimed or sent and does nothing),
 * so a redelivered queue message never sends twice. The in-app inbox is our own table;
 * everything else goes through an admin's route, within the route's rate limit.
 */
import { and, count, eq, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import { openDatabase } from '../worker/platform/db/client';
import {
  notificationAttempts,
  notificationRoutes,
  notifications,
  users,
} from '../worker/platform/db/schema';
import { messageIn } from '../worker/notifications/message';
import { outboundRequest } from '../worker/notifications/channels';
import { backoffSeconds, classifyResponse } from '../worker/notifications/delivery-policy';

export class PermanentDeliveryError extends Error {}

/** Not now: the queue should bring the message back after `delaySeconds`. */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly delaySeconds: number,
  ) {
    super(message);
  }
}

const CLAIM_MS = 60_000;
const SEND_TIMEOUT_MS = 10_000;

export async function deliverNotification(
  env: Env,
  notificationId: string,
): Promise<'sent' | 'already_sent' | 'missing' | 'busy'> {
  const db = openDatabase(env.DB);
  const now = Date.now();
  const [claimed] = await db
    .update(notifications)
    .set({ claimedUntil: now + CLAIM_MS, status: 'sending' })
    .where(
      and(
        eq(notifications.id, notificationId),
        inArray(notifications.status, ['pending', 'sending']),
        or(isNull(notifications.claimedUntil), lt(notifications.claimedUntil, now)),
      ),
    )
    .returning();
  if (!claimed) {
    const [current] = await db
      .select({ status: notifications.status })
      .from(notifications)
      .where(eq(notifications.id, notificationId))
      .limit(1);
    if (!current) return 'missing';
    return current.status === 'sent' ? 'already_sent' : 'busy';
  }
  const attempt = claimed.attempts + 1;
  /** Ends this attempt: the notification's new state, its claim released, and the attempt on record, together. */
  const settle = (
    outcome: 'sent' | 'retry' | 'failed',
    changes: Partial<Pick<typeof notifications.$inferInsert, 'status' | 'sentAt' | 'lastError'>>,
    fields: { statusCode?: number | null; error?: string | null } = {},
  ) =>
    db.batch([
      db
        .update(notifications)
        .set({ ...changes, attempts: attempt, claimedUntil: null })
        .where(eq(notifications.id, notificationId)),
      db.insert(notificationAttempts).values({
        id: crypto.randomUUID(),
        notificationId,
        attempt,
        outcome,
        statusCode: fields.statusCode ?? null,
        error: fields.error ?? null,
        attemptedAt: Date.now(),
      }),
    ]);

  if (claimed.channel === 'inbox') {
    // The inbox is our own table: "sending" is making it visible to its recipient.
    await settle('sent', { status: 'sent', sentAt: now });
    return 'sent';
  }

  const [[route], [recipient]] = await db.batch([
    db
      .select()
      .from(notificationRoutes)
      .where(eq(notificationRoutes.id, claimed.routeId ?? ''))
      .limit(1),
    db
      .select({ locale: users.locale })
      .from(users)
      .where(eq(users.id, claimed.recipientId ?? ''))
      .limit(1),
  ]);
  if (!route || !route.active) {
    const error = 'The route for this notification was removed or switched off.';
    await settle('failed', { status: 'failed', lastError: error }, { error });
    throw new PermanentDeliveryError(error);
  }

  // Stay under the robot's own limit (docs/rules.md#outbound-notifications): wait for the window, not an attempt.
  const [recent] = await db
    .select({ n: count() })
    .from(notificationAttempts)
    .innerJoin(notifications, eq(notifications.id, notificationAttempts.notificationId))
    .where(
      and(
        eq(notifications.routeId, route.id),
        eq(notificationAttempts.outcome, 'sent'),
        gte(notificationAttempts.attemptedAt, now - 60_000),
      ),
    );
  if ((recent?.n ?? 0) >= route.ratePerMinute) {
    await db
      .update(notifications)
      .set({ claimedUntil: null })
      .where(eq(notifications.id, notificationId));
    throw new RetryLaterError(
      `route ${route.id} is at its limit of ${route.ratePerMinute} a minute`,
      60,
    );
  }

  // Written in the recipient's language as it is now, not as it was when the notification was made.
  const { url, init } = await outboundRequest(
    route,
    {
      ...claimed,
      ...messageIn(recipient?.locale ?? 'en', claimed),
      // No recipient among the users: a customer's message (a feedback link), written in their language.
      data: claimed.recipientId === null ? claimed.messageParams : null,
    },
    now,
  );
  let verdict;
  let statusCode: number | null = null;
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
    statusCode = response.status;
    verdict = classifyResponse(
      route.channel,
      response.status,
      response.headers.get('retry-after'),
      await response.text(),
      Date.now(),
    );
  } catch (error) {
    verdict = {
      outcome: 'retry' as const,
      delaySeconds: null,
      error:
        error instanceof Error && error.name === 'TimeoutError'
          ? 'timed out'
          : `network error: ${String(error)}`,
    };
  }

  if (verdict.outcome === 'sent') {
    await settle('sent', { status: 'sent', sentAt: Date.now(), lastError: null }, { statusCode });
    return 'sent';
  }
  if (verdict.outcome === 'failed') {
    await settle(
      'failed',
      { status: 'failed', lastError: verdict.error },
      { statusCode, error: verdict.error },
    );
    throw new PermanentDeliveryError(verdict.error);
  }
  await settle('retry', { lastError: verdict.error }, { statusCode, error: verdict.error });
  throw new RetryLaterError(verdict.error, backoffSeconds(attempt, verdict.delaySeconds));
}

/** Called by the dead-letter consumer once the queue has given up on a notification. */
export async function markNotificationFailed(
  env: Env,
  notificationId: string,
  reason: string,
): Promise<void> {
  const db = openDatabase(env.DB);
  await db
    .update(notifications)
    .set({ status: 'failed', lastError: reason, claimedUntil: null })
    .where(
      and(
        eq(notifications.id, notificationId),
        inArray(notifications.status, ['pending', 'sending']),
      ),
    );
}
