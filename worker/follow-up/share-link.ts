/**
 * The feedback link as the rep's customer page offers it: the open request of the customer
 * (not answered, not expired, sequence not stopped), read in the page's batch, and its link,
 * rebuilt from the request with the signing secret (only the token's hash is stored).
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { feedbackRequests } from '../platform/db/schema';
import { feedbackPath, feedbackSecret, feedbackToken } from './feedback-token';
import { SEQUENCE_STOPPED } from './sequence-stopped';

export const openFeedbackRequest = (db: Database, customerId: string, now: number) =>
  db
    .select({
      id: feedbackRequests.id,
      expiresAt: feedbackRequests.expiresAt,
      recipientName: feedbackRequests.recipientName,
      phone: feedbackRequests.phone,
      locale: feedbackRequests.locale,
    })
    .from(feedbackRequests)
    .where(
      and(
        eq(feedbackRequests.customerId, customerId),
        isNull(feedbackRequests.answeredAt),
        gt(feedbackRequests.expiresAt, now),
        sql.raw(
          `NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = feedback_requests.customer_id AND ${SEQUENCE_STOPPED})`,
        ),
      ),
    )
    .limit(1);

export type OpenFeedbackRequest = Awaited<ReturnType<typeof openFeedbackRequest>>[number];
export type FeedbackShare = OpenFeedbackRequest & { url: string };

/** The request with its full link on this site, or null without one (or without a secret). */
export async function feedbackShare(
  env: Env,
  origin: string,
  request: OpenFeedbackRequest | null,
): Promise<FeedbackShare | null> {
  const secret = feedbackSecret(env);
  if (!request || !secret) return null;
  const token = await feedbackToken(secret, request.id, request.expiresAt);
  return { ...request, url: origin + feedbackPath(token) };
}
