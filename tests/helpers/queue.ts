import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { vi } from 'vitest';
import worker from '../../worker/index';
import type { WorkMessage } from '../../queues/messages';

/**
 * Hands `bodies` to the worker's queue consumer as one batch from `queue` (each message on its
 * `attempts`-th delivery) and says what the consumer did with each: acked, retried and with which
 * delay.
 */
export async function consumeWork(queue: string, bodies: WorkMessage[], attempts = 1) {
  const batch = createMessageBatch<WorkMessage>(
    queue,
    bodies.map((body, i) => ({
      id: `msg-${i}-${crypto.randomUUID()}`,
      timestamp: new Date(),
      attempts,
      body,
    })),
  );
  const retries = batch.messages.map((message) => vi.spyOn(message, 'retry'));
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return {
    ...(await getQueueResult(batch, ctx)),
    retryOptions: retries.flatMap((spy) => spy.mock.calls.map((call) => call[0])),
  };
}
