import { and, eq, lt } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { webhookDeliveries } from '../platform/db/schema';
import { sendWork, type WorkMessage } from '../../queues/messages';

/**
 * Records a verified delivery once per provider delivery id (one statement: the insert is the
 * dedupe) and hands it to the queue in the background (`afterAnswer`, the request's waitUntil), so
 * the provider's 200 does not wait for the queue. A delivery recorded but never queued (the queue
 * was unreachable) is picked up again by the five-minute cron.
 */
export async function acceptDelivery(
  db: Database,
  queue: Queue,
  delivery: {
    provider: string;
    sourceId: string | null;
    deliveryId: string;
    payload: string;
    now: number;
  },
  afterAnswer: (work: Promise<unknown>) => void,
): Promise<'accepted' | 'duplicate'> {
  const inserted = await db
    .insert(webhookDeliveries)
    .values({
      id: crypto.randomUUID(),
      provider: delivery.provider,
      sourceId: delivery.sourceId,
      deliveryId: delivery.deliveryId,
      receivedAt: delivery.now,
      status: 'queued',
      payload: delivery.payload,
    })
    .onConflictDoNothing({ target: [webhookDeliveries.provider, webhookDeliveries.deliveryId] })
    .returning({ id: webhookDeliveries.id });
  const row = inserted[0];
  if (!row) return 'duplicate';
  afterAnswer(
    queue
      .send({ kind: 'webhook.process', deliveryRowId: row.id } satisfies WorkMessage)
      .catch((error: unknown) => {
        console.error(
          'webhook delivery recorded but not queued; the five-minute cron re-queues it',
          row.id,
          error,
        );
      }),
  );
  return 'accepted';
}

/** Re-queues deliveries still waiting after `olderThanMs` (their first enqueue may have failed). */
export async function requeueStalledDeliveries(
  db: Database,
  queue: Queue,
  now: number,
  olderThanMs = 2 * 60_000,
): Promise<number> {
  const stalled = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, 'queued'),
        lt(webhookDeliveries.receivedAt, now - olderThanMs),
      ),
    )
    .limit(100);
  await sendWork(
    queue,
    stalled.map((row) => ({ kind: 'webhook.process', deliveryRowId: row.id })),
  );
  return stalled.length;
}
