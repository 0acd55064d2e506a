/** Everything that travels on the work queue. Each handler tolerates redelivery. */
export type WorkMessage =
  | { kind: 'notification.deliver'; notificationId: string }
  | { kind: 'report.build'; regionId: string; day: string }
  | { kind: 'report.deliver'; regionId: string; day: string }
  | { kind: 'webhook.process'; deliveryRowId: string }
  | { kind: 'wall.visit-timers'; visit: VisitTimers };

/** What the region wall must start after a visit (carried by the queue so a failure is retried). */
export type VisitTimers = {
  visitId: string;
  regionId: string;
  repId: string;
  deal: { id: string; name: string; progressAt: number } | null;
  commitment: { text: string; dueAt: number } | null;
};

export const WORK_QUEUE_NAME = 'fieldwall-work';
export const DEAD_LETTER_QUEUE_NAME = 'fieldwall-work-dlq';

/** Exponential backoff for retried messages: 10 s, 20 s, 40 s … capped at 15 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(900, 10 * 2 ** Math.max(0, attempts - 1));
}
