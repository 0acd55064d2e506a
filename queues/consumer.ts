import { openDatabase } from '../worker/platform/db/client';
import { auditLog } from '../worker/platform/db/schema';
import { deliverNotification, markNotificationFailed, PermanentDeliveryError, RetryLaterError } from './deliver-notification';
import { retryDelaySeconds, type WorkMessage } from './messages';
import { buildNightlyReport, deliverNightlyReport } from './nightly-report';
import { markDeliveryFailed, processWebhookDelivery } from './process-webhook';
import { startVisitTimers } from '../worker/tasks/timers';

async function handleWork(message: WorkMessage, env: Env): Promise<void> {
  switch (message.kind) {
    case 'notification.deliver':
      await deliverNotification(env, message.notificationId);
      return;
    case 'report.build':
      await buildNightlyReport(env, message);
      return;
    case 'webhook.process':
      await processWebhookDelivery(env, message.deliveryRowId);
      return;
    case 'wall.visit-timers':
      await startVisitTimers(env, message.visit);
      return;
    case 'report.deliver': {
      const notificationIds = await deliverNightlyReport(env, message);
      if (notificationIds.length > 0) {
        await env.WORK_QUEUE.sendBatch(notificationIds.map((notificationId) => ({ body: { kind: 'notification.deliver', notificationId } })));
      }
      return;
    }
  }
}

/** The queue gave up on these: record the failure where a person will see it. */
async function handleDeadLetter(message: WorkMessage, attempts: number, env: Env): Promise<void> {
  const reason = `Gave up after ${attempts} attempts.`;
  if (message.kind === 'notification.deliver') {
    await markNotificationFailed(env, message.notificationId, reason);
    return;
  }
  if (message.kind === 'webhook.process') {
    await markDeliveryFailed(env, message.deliveryRowId, reason);
    return;
  }
  if (message.kind === 'wall.visit-timers') {
    console.error('visit timers could not be started', message.visit.visitId, reason);
    return;
  }
  await openDatabase(env.DB)
    .insert(auditLog)
    .values({ id: crypto.randomUUID(), action: `${message.kind}.failed`, subjectType: 'region', subjectId: message.regionId, detail: { day: message.day, reason }, createdAt: Date.now() });
}

/** Work messages are retried with backoff; after the last retry the queue moves them to the DLQ. */
export async function consumeQueueBatch(batch: MessageBatch<WorkMessage>, env: Env): Promise<void> {
  const deadLetters = batch.queue.endsWith('-dlq');
  for (const message of batch.messages) {
    try {
      if (deadLetters) await handleDeadLetter(message.body, message.attempts, env);
      else await handleWork(message.body, env);
      message.ack();
    } catch (error) {
      if (error instanceof PermanentDeliveryError) {
        message.ack();
        continue;
      }
      if (error instanceof RetryLaterError) {
        message.retry({ delaySeconds: error.delaySeconds });
        continue;
      }
      console.error('queue message failed', batch.queue, message.body.kind, error);
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}
