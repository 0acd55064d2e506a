/**
 * A customer's answer to a feedback link: finding the link's request (its token checked, the
 * attempt counted per link and per address), and recording the answer once: the answers on the
 * request (the customer's timeline reads them), the customer's feedback time (which stops the
 * sequence), and the owner's notification, in one batch.
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { customers, feedbackRequests, users } from '../platform/db/schema';
import { aliased } from '../platform/db/aliased';
import { reserveAttempt } from '../auth/sign-in';
import { attemptRefusedForMs } from '../auth/throttle-policy';
import { inboxAndRoutes } from '../notifications/routing';
import { keyedMessage } from '../notifications/message';
import { feedbackTokenHash, verifyFeedbackToken } from './feedback-token';
import {
  FEEDBACK_ADDRESS_POLICY,
  FEEDBACK_TOKEN_POLICY,
  feedbackLinkState,
  type FeedbackAnswers,
  type FeedbackLinkState,
} from './rules';

export type FeedbackLookup =
  | { outcome: 'not_found' }
  | { outcome: 'throttled'; retryAfterMs: number }
  | { outcome: 'found'; state: FeedbackLinkState; request: FeedbackRequestView };

export type FeedbackRequestView = Awaited<ReturnType<typeof requestByHash>>[number];

const requestByHash = (db: Database, tokenHash: string) =>
  db
    .select({
      id: feedbackRequests.id,
      customerId: feedbackRequests.customerId,
      locale: feedbackRequests.locale,
      recipientName: feedbackRequests.recipientName,
      expiresAt: feedbackRequests.expiresAt,
      answeredAt: feedbackRequests.answeredAt,
      customerName: aliased(customers.name, 'customer_name'),
      ownerId: customers.ownerId,
      repName: aliased(users.name, 'rep_name'),
      ownerLocale: aliased(users.locale, 'owner_locale'),
    })
    .from(feedbackRequests)
    .innerJoin(customers, eq(customers.id, feedbackRequests.customerId))
    .innerJoin(users, eq(users.id, customers.ownerId))
    .where(eq(feedbackRequests.tokenHash, tokenHash))
    .limit(1);

/** The request behind a token, after its signature and the rate limits; one round trip. */
export async function findFeedbackRequest(
  db: Database,
  secret: string,
  token: string,
  address: string | null,
  now: number,
): Promise<FeedbackLookup> {
  // A token that is not ours costs no database work at all.
  if (!(await verifyFeedbackToken(secret, token))) return { outcome: 'not_found' };
  const tokenHash = await feedbackTokenHash(token);
  const [rows, [perLink], [perAddress]] = await db.batch([
    requestByHash(db, tokenHash),
    reserveAttempt(db, `feedback:${tokenHash}`, now, FEEDBACK_TOKEN_POLICY),
    reserveAttempt(db, `feedback-ip:${address ?? 'unknown'}`, now, FEEDBACK_ADDRESS_POLICY),
  ]);
  const retryAfterMs = Math.max(
    attemptRefusedForMs(perLink!, now, FEEDBACK_TOKEN_POLICY),
    attemptRefusedForMs(perAddress!, now, FEEDBACK_ADDRESS_POLICY),
  );
  if (retryAfterMs > 0) return { outcome: 'throttled', retryAfterMs };
  const request = rows[0];
  if (!request) return { outcome: 'not_found' };
  return { outcome: 'found', state: feedbackLinkState(request, now), request };
}

/** Records the answers; false when the link was answered (or expired) in the meantime. */
export async function answerFeedback(
  db: Database,
  request: FeedbackRequestView,
  answers: FeedbackAnswers,
  now: number,
): Promise<boolean> {
  const answeredNow = sql`exists (select 1 from ${feedbackRequests} where ${feedbackRequests.id} = ${request.id} and ${feedbackRequests.answeredAt} = ${now})`;
  const [answered] = await db.batch([
    db
      .update(feedbackRequests)
      .set({
        answeredAt: now,
        satisfaction: answers.satisfaction,
        wantsCall: answers.wantsCall,
        comment: answers.comment,
        step: 'answered',
      })
      .where(
        and(
          eq(feedbackRequests.id, request.id),
          isNull(feedbackRequests.answeredAt),
          gt(feedbackRequests.expiresAt, now),
        ),
      )
      .returning({ id: feedbackRequests.id }),
    db
      .update(customers)
      .set({ feedbackReceivedAt: now, updatedAt: now })
      .where(and(eq(customers.id, request.customerId), answeredNow)),
    // Keyed by the request: a second answer racing this one adds no second notification.
    ...inboxAndRoutes(db, {
      recipientId: request.ownerId,
      kind: 'feedback.answered',
      subjectType: 'customer',
      subjectId: request.customerId,
      ...keyedMessage(
        request.ownerLocale ?? 'en',
        'followUp.answered.title',
        { customer: request.customerName, score: answers.satisfaction },
        { bodyKey: answers.wantsCall ? 'followUp.answered.wantsCall' : 'followUp.answered.body' },
      ),
      dedupeKey: `feedback.answered:${request.id}`,
      now,
      personalOnly: true,
    }),
  ]);
  return answered.length === 1;
}
