import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { auditLog, campaigns, cities, taskTemplates, tasks } from '../platform/db/schema';
import { notFound } from '../platform/http/errors';
import { regionWall } from '../tasks/wall';
import { fanOutTasks } from './fan-out';

// Tasks have 21 columns: four rows per INSERT stays under D1's 100 bound parameters.
const TASK_ROWS_PER_INSERT = 4;

/**
 * Publishes a campaign: its tasks land in D1 (history, reports) and on each target region's
 * wall. Safe to run again after a failure part-way: tasks are keyed by stable ids.
 */
export async function publishCampaign(
  db: Database,
  env: Env,
  campaignId: string,
  actorId: string,
  now: number,
): Promise<number> {
  const [campaignRows, templateRows, cityRows] = await db.batch([
    db
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.id, campaignId), inArray(campaigns.status, ['draft', 'published'])))
      .limit(1),
    db.select().from(taskTemplates).where(eq(taskTemplates.campaignId, campaignId)),
    db.select({ id: cities.id, regionId: cities.regionId }).from(cities),
  ]);
  const campaign = campaignRows[0];
  if (!campaign) throw notFound();
  const publishedAt = campaign.publishedAt ?? now;
  const fanned = fanOutTasks(campaignId, publishedAt, templateRows, cityRows);
  const inserts = [];
  for (let i = 0; i < fanned.length; i += TASK_ROWS_PER_INSERT) {
    const chunk = fanned
      .slice(i, i + TASK_ROWS_PER_INSERT)
      .map((task) => ({ ...task, status: 'open' as const, createdAt: publishedAt }));
    inserts.push(db.insert(tasks).values(chunk).onConflictDoNothing({ target: tasks.id }));
  }
  await db.batch([
    db
      .update(campaigns)
      .set({ status: 'published', publishedAt })
      .where(eq(campaigns.id, campaignId)),
    db.insert(auditLog).values({
      id: crypto.randomUUID(),
      actorId,
      action: 'campaign.published',
      subjectType: 'campaign',
      subjectId: campaignId,
      detail: { tasks: fanned.length },
      createdAt: now,
    }),
    ...inserts,
  ]);
  const byRegion = Map.groupBy(fanned, (task) => task.regionId);
  await Promise.all(
    [...byRegion].map(([regionId, regionTasks]) =>
      regionWall(env, regionId).publishTasks(
        regionTasks.map(
          ({
            id,
            cityId,
            title,
            description,
            titleZh,
            descriptionZh,
            dueAt,
            evidenceRequired,
          }) => ({
            id,
            cityId,
            title,
            description,
            titleZh,
            descriptionZh,
            dueAt,
            evidenceRequired,
          }),
        ),
      ),
    ),
  );
  return fanned.length;
}
