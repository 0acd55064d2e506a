import { PermanentDeliveryError, RetryLaterError } from './deliver-notification';
import { JOBS, type Job } from './jobs';
import { retryDelaySeconds, type WorkMessage } from './messages';

/** The table's entry for this message; the table and `WorkMessage` are keyed alike (messages.ts). */
function jobFor<Message extends WorkMessage>(message: Message): Job<Message> | undefined {
  return JOBS[message.kind] as Job<Message> | undefined;
}

/**
 * Work messages are retried with backoff; after the last retry the queue moves them to the DLQ,
 * whose consumer records the failure where a person will see it.
 */
export async function consumeQueueBatch(batch: MessageBatch<WorkMessage>, env: Env): Promise<void> {
  const deadLetters = batch.queue.endsWith('-dlq');
  for (const message of batch.messages) {
    try {
      const job = jobFor(message.body);
      if (!job) console.error('unknown work message', batch.queue, message.body.kind);
      else if (deadLetters)
        await job.onDeadLetter(env, message.body, `Gave up after ${message.attempts} attempts.`);
      else await job.run(env, message.body);
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
