/**
 * After-delivery revisits (docs/rules.md#after-delivery-revisits): 30, 60 and 90 days after an
 * order is delivered, a customer-success visit for the customer's owner. Each is a wall task made
 * nightly a week before it is due, already claimed by the owner, with the id
 * `revisit:<order id>:<days>`: it shows on the owner's Today page, reminds them when due, and goes
 * to the manager's board when a day overdue, like any wall task. Made set-based (one statement per
 * revisit day for the region, `on conflict do nothing`); taken off again when the order or the
 * customer is archived.
 */
import { and, inArray, sql } from 'drizzle-orm';
import type { RegionRun, RunOutcome } from '../../queues/region-run';
import type { WallActor } from '../../durable-objects/region-wall/region-wall';
import { openDatabase, type Database } from '../platform/db/client';
import { customers, orders, tasks, users } from '../platform/db/schema';
import { translator } from '../platform/i18n';
import { regionWall } from '../tasks/wall';
import { inBatches } from './batches';
import {
  REVISIT_CATCH_UP_DAYS,
  REVISIT_DAYS,
  REVISIT_NOTICE_DAYS,
  revisitDeliveryWindow,
  type RevisitDays,
} from './rules';

const DAY = 86_400_000;

/** Who takes a revisit off the wall when its order is archived: the scheduled job, no person. */
const SCHEDULER: WallActor = { id: 'system', name: 'Fieldwall', role: 'system', cityId: null };

/** A note of how it went is the evidence a revisit asks for. */
const REVISIT_EVIDENCE = { photo: false, position: false, note: true };

/** D1 binds at most 100 values a statement. */
const chunked = (ids: string[], size = 90) =>
  Array.from({ length: Math.ceil(ids.length / size) }, (_, i) =>
    ids.slice(i * size, (i + 1) * size),
  );

// The catalog's wording with `{customer}` and `{days}` left in (no parameters given), filled in SQL.
const en = translator('en');
const zh = translator('zh-CN');
const titleOf = (template: string, days: RevisitDays) =>
  sql`replace(replace(${template}, '{customer}', ${customers.name}), '{days}', ${String(days)})`;

/** The revisits of one day-count due for orders delivered in the window, for the live owner. */
function makeRevisits(db: Database, run: RegionRun, days: RevisitDays) {
  const delivered = revisitDeliveryWindow(run.at, days);
  return db.run(sql`
    insert into ${tasks} (id, campaign_id, template_id, region_id, city_id, title, description,
      title_zh, description_zh, due_at, status, claimed_by, claimed_at, evidence_required, created_at)
    select 'revisit:' || ${orders.id} || ${`:${days}`}, null, null, ${orders.regionId}, ${customers.cityId},
      ${titleOf(en('revisit.title'), days)}, ${en('revisit.description')},
      ${titleOf(zh('revisit.title'), days)}, ${zh('revisit.description')},
      ${orders.deliveredAt} + ${days * DAY}, 'claimed', ${customers.ownerId}, ${run.at},
      ${JSON.stringify(REVISIT_EVIDENCE)}, ${run.at}
    from ${orders}
    inner join ${customers} on ${customers.id} = ${orders.customerId}
    inner join ${users} on ${users.id} = ${customers.ownerId} and ${users.active} = 1
    where ${orders.regionId} = ${run.regionId} and ${orders.status} = 'delivered'
      and ${orders.deliveredAt} >= ${delivered.from} and ${orders.deliveredAt} < ${delivered.to}
      and ${orders.archivedAt} is null and ${customers.archivedAt} is null
    on conflict (id) do nothing`);
}

// `revisit:<order id>:<two-digit days>`: the order's id is what lies between.
const orderIdOfRevisit = sql`substr(${tasks.id}, 9, length(${tasks.id}) - 11)`;
const liveRevisit = (regionId: string) =>
  sql`${tasks.regionId} = ${regionId} and ${tasks.id} like 'revisit:%' and ${tasks.status} in ('open', 'claimed')`;

export async function runDeliveryRevisits(env: Env, run: RegionRun): Promise<RunOutcome> {
  const db = openDatabase(env.DB);
  const made = await Promise.all(REVISIT_DAYS.map((days) => makeRevisits(db, run, days)));
  const [toPublish, toCancel] = await db.batch([
    // Every live revisit of the window goes to the wall: one made by a run whose wall call failed
    // arrives with the next run (the wall keeps what it has: adding again is harmless).
    db
      .select({
        id: tasks.id,
        cityId: tasks.cityId,
        title: tasks.title,
        description: tasks.description,
        titleZh: tasks.titleZh,
        descriptionZh: tasks.descriptionZh,
        dueAt: tasks.dueAt,
        claimedBy: tasks.claimedBy,
        claimedByName: users.name,
        claimedAt: tasks.claimedAt,
      })
      .from(tasks)
      .leftJoin(users, sql`${users.id} = ${tasks.claimedBy}`)
      .where(
        sql`${liveRevisit(run.regionId)} and ${tasks.dueAt} >= ${run.at - REVISIT_CATCH_UP_DAYS * DAY} and ${tasks.dueAt} < ${run.at + REVISIT_NOTICE_DAYS * DAY}`,
      ),
    // A revisit whose order or customer was archived (or whose order is no longer delivered).
    db
      .select({ id: tasks.id })
      .from(tasks)
      .innerJoin(orders, sql`${orders.id} = ${orderIdOfRevisit}`)
      .innerJoin(customers, sql`${customers.id} = ${orders.customerId}`)
      .where(
        sql`${liveRevisit(run.regionId)} and (${orders.archivedAt} is not null or ${orders.status} != 'delivered' or ${customers.archivedAt} is not null)`,
      ),
  ]);
  const wall = regionWall(env, run.regionId);
  const cancelIds = toCancel.map((task) => task.id);
  const leaving = new Set(cancelIds);
  const publish = toPublish
    .filter((task) => !leaving.has(task.id))
    .map((task) => ({ ...task, evidenceRequired: REVISIT_EVIDENCE }));
  if (publish.length > 0) await wall.publishTasks(publish);
  // Only what the wall cancelled: a revisit completed a moment ago stays done.
  const cancelled = (
    cancelIds.length > 0 ? await wall.cancelTasks(cancelIds, SCHEDULER, run.at) : []
  ).flatMap((result) => (result.ok && result.task.status === 'cancelled' ? [result.task.id] : []));
  // The wall records the change in D1 too; writing it here as well keeps D1 current at once.
  await inBatches(
    db,
    chunked(cancelled).map((ids) =>
      db
        .update(tasks)
        .set({ status: 'cancelled' })
        .where(and(inArray(tasks.id, ids), inArray(tasks.status, ['open', 'claimed']))),
    ),
  );
  const inserted = made.reduce((sum, result) => sum + (result.meta?.changes ?? 0), 0);
  return { rowsTouched: inserted + cancelled.length, errors: 0 };
}
