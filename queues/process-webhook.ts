/**
 * The queue's side of an inbound webhook: normalise, take it into Fieldwall (timeline, lead,
 * merge), start the lead's 24-hour first-touch clock on its region wall (docs/rules.md#escalation-timers),
 * mark the delivery done.
 * A redelivered message finds the delivery processed, or its rows already keyed, and changes
 * nothing.
 */
import { eq } from 'drizzle-orm';
import { openDatabase } from '../worker/platform/db/client';
import { webhookDeliveries, webhookSources } from '../worker/platform/db/schema';
import { takeInbound } from '../worker/leads/intake';
import { dispatchDueNotifications } from './cron';
import { regionWall } from '../worker/tasks/wall';
import { normalizeDelivery, type LEAD_FIELDS } from '../worker/webhooks/normalize';

export async function processWebhookDelivery(env: Env, deliveryRowId: string): Promise<void> {
  const db = openDatabase(env.DB);
  const [delivery] = await db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.id, deliveryRowId))
    .limit(1);
  if (!delivery || delivery.status === 'processed') return;
  const [source] = delivery.sourceId
    ? await db
        .select()
        .from(webhookSources)
        .where(eq(webhookSources.id, delivery.sourceId))
        .limit(1)
    : [];
  const payload = JSON.parse(delivery.payload) as Record<string, unknown>;
  const mapping = (source?.config ?? {}) as Partial<Record<(typeof LEAD_FIELDS)[number], string>>;
  const inbound = normalizeDelivery(delivery.provider, source?.provider ?? null, payload, mapping);
  const now = Date.now();
  if (inbound) {
    const outcome = await takeInbound(db, inbound, {
      deliveryRowId,
      defaultRegionId: source?.defaultRegionId ?? null,
      now: delivery.receivedAt,
    });
    // Started on every processing, not only the first: a redelivery after the wall was
    // unreachable must still start the clock (the same anchor makes a repeat a no-op).
    if (outcome.result === 'lead' && outcome.assigneeId) {
      await regionWall(env, outcome.regionId).startTimer({
        kind: 'lead_first_touch',
        subjectId: outcome.leadId,
        anchorAt: outcome.assignedAt,
        ownerId: outcome.assigneeId,
        title: outcome.title,
      });
    }
  }
  await db
    .update(webhookDeliveries)
    .set({ status: 'processed', processedAt: now, error: null })
    .where(eq(webhookDeliveries.id, deliveryRowId));
  // The assignee's chat robots hear about the lead now, not at the next cron tick.
  await dispatchDueNotifications(env, now);
}

export async function markDeliveryFailed(
  env: Env,
  deliveryRowId: string,
  reason: string,
): Promise<void> {
  await openDatabase(env.DB)
    .update(webhookDeliveries)
    .set({ status: 'failed', error: reason })
    .where(eq(webhookDeliveries.id, deliveryRowId));
}
