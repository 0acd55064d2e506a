/** Everything that travels on the work queue: one message kind per entry of the job table (jobs.ts). */
import type { Job, JOBS } from './jobs';

type PayloadOf<J> = J extends Job<infer Payload> ? Payload : never;

export type WorkMessage = {
  [Kind in keyof typeof JOBS]: { kind: Kind } & PayloadOf<(typeof JOBS)[Kind]>;
}[keyof typeof JOBS];

/** What the region wall must start after a visit (carried by the queue so a failure is retried). */
export type VisitTimers = {
  visitId: string;
  regionId: string;
  repId: string;
  deal: { id: string; name: string; progressAt: number } | null;
  /** `title` names the customer and rep (absent on messages queued before it existed). */
  commitment: { text: string; dueAt: number; title?: string } | null;
};

/** A queue takes at most this many messages per `sendBatch`. */
const SEND_BATCH_LIMIT = 100;

/** Puts work on the queue in as few calls as the queue allows; nothing to send sends nothing. */
export async function sendWork(queue: Queue, messages: WorkMessage[]): Promise<void> {
  for (let first = 0; first < messages.length; first += SEND_BATCH_LIMIT)
    await queue.sendBatch(
      messages.slice(first, first + SEND_BATCH_LIMIT).map((body) => ({ body })),
    );
}

/** Exponential backoff for retried messages: 10 s, 20 s, 40 s … capped at 15 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(900, 10 * 2 ** Math.max(0, attempts - 1));
}
