/**
 * The one Worker: HTTP (Hono), the queue consumers (the job table, queues/jobs.ts), the cron
 * fan-out (the schedule, queues/cron.ts), and the RegionWall class.
 */
import { createApp } from './app';
import { consumeQueueBatch } from '../queues/consumer';
import { runScheduled } from '../queues/cron';
import type { WorkMessage } from '../queues/messages';

export { RegionWall } from '../durable-objects/region-wall/region-wall';

const app = createApp();

const worker: Required<Pick<ExportedHandler<Env, WorkMessage>, 'fetch' | 'queue' | 'scheduled'>> = {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  queue: (batch, env) => consumeQueueBatch(batch, env),
  scheduled: (controller, env, ctx) =>
    ctx.waitUntil(runScheduled(controller.cron, controller.scheduledTime, env)),
};

export default worker;
