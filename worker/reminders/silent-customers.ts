/**
 * Silent customers (docs/rules.md#silent-customers): once a day, a customer with no interaction for
 * the region's `silent_after_days` (default 30) is noted once per silent stretch, keyed by its last
 * interaction, in one statement for the region; then each owner with newly silent customers gets
 * one message counting them and naming the first few.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { RegionRun, RunOutcome } from '../../queues/region-run';
import { openDatabase } from '../platform/db/client';
import {
  customerMessages,
  customers,
  leads,
  leadTouches,
  orders,
  silentCustomerReminders,
  users,
} from '../platform/db/schema';
import { formatDate } from '../platform/http/format';
import { translator } from '../platform/i18n';
import { keyedMessage } from '../notifications/message';
import { inboxAndRoutes } from '../notifications/routing';
import { inBatches } from './batches';
import { regionForRun } from './due-items';
import { inEachLocale } from './item-lines';
import { PREVIEW_ITEMS, previewOf, silentBefore } from './rules';

/**
 * A customer's last interaction: the latest visit (`last_touch_at`), message from them, lead of
 * theirs arriving, first touched or contacting again, or order; a customer never interacted with
 * counts from when it was added. (SQLite's many-argument `max` is null if any argument is.)
 */
const lastInteractionAt = sql<number>`max(
  ${customers.createdAt},
  coalesce(${customers.lastTouchAt}, 0),
  coalesce((select max(${customerMessages.receivedAt}) from ${customerMessages} where ${customerMessages.customerId} = ${customers.id}), 0),
  coalesce((select max(max(${leads.createdAt}, coalesce(${leads.firstTouchAt}, 0))) from ${leads} where ${leads.customerId} = ${customers.id}), 0),
  coalesce((select max(${leadTouches.occurredAt}) from ${leadTouches} inner join ${leads} on ${leads.id} = ${leadTouches.leadId} where ${leads.customerId} = ${customers.id}), 0),
  coalesce((select max(${orders.orderedAt}) from ${orders} where ${orders.customerId} = ${customers.id} and ${orders.archivedAt} is null), 0)
)`;

export async function runSilentCustomerReminders(env: Env, run: RegionRun): Promise<RunOutcome> {
  const db = openDatabase(env.DB);
  const region = await regionForRun(db, run.regionId);
  if (!region) return { rowsTouched: 0, errors: 0 };
  const before = silentBefore(run.at, region.silentAfterDays);
  // Live customers of active owners (dormant ones are in the nurture pool, not the owner's book).
  const noted = await db.run(sql`
    insert into ${silentCustomerReminders} (customer_id, last_interaction_at, owner_id, region_id, day, created_at)
    select id, last_at, owner_id, region_id, ${run.day}, ${run.at} from (
      select ${customers.id} as id, ${customers.ownerId} as owner_id, ${customers.regionId} as region_id,
        ${lastInteractionAt} as last_at
      from ${customers}
      inner join ${users} on ${users.id} = ${customers.ownerId} and ${users.active} = 1
      where ${customers.regionId} = ${run.regionId} and ${customers.archivedAt} is null
        and ${customers.dormant} = 0
    ) where last_at < ${before}
    on conflict do nothing`);

  // Each owner's customers noted for this day (again on a rerun: the message is keyed by the day).
  const ranked = db
    .select({
      ownerId: silentCustomerReminders.ownerId,
      name: customers.name,
      lastInteractionAt: silentCustomerReminders.lastInteractionAt,
      locale: users.locale,
      rank: sql<number>`row_number() over (partition by ${silentCustomerReminders.ownerId} order by ${silentCustomerReminders.lastInteractionAt}, ${customers.id})`.as(
        'rank',
      ),
      total: sql<number>`count(*) over (partition by ${silentCustomerReminders.ownerId})`.as(
        'total',
      ),
    })
    .from(silentCustomerReminders)
    .innerJoin(customers, eq(customers.id, silentCustomerReminders.customerId))
    .innerJoin(users, eq(users.id, silentCustomerReminders.ownerId))
    .where(
      and(
        eq(silentCustomerReminders.regionId, run.regionId),
        eq(silentCustomerReminders.day, run.day),
        sql`${customers.archivedAt} is null`,
      ),
    )
    .as('ranked');
  const rows = await db
    .select()
    .from(ranked)
    .where(sql`${ranked.rank} <= ${PREVIEW_ITEMS}`);

  const statements = [...Map.groupBy(rows, (row) => row.ownerId)].flatMap(([ownerId, mine]) => {
    const total = mine[0]?.total ?? 0;
    const { shown, more } = previewOf(mine, total);
    const body = inEachLocale((locale) => {
      const t = translator(locale);
      return [
        ...shown.map((row) =>
          t('reminder.silent.line', {
            customer: row.name,
            date: formatDate(row.lastInteractionAt, locale, region.timeZone),
          }),
        ),
        ...(more > 0 ? [t('reminder.digest.more', { count: more })] : []),
      ].join('\n');
    });
    return inboxAndRoutes(db, {
      recipientId: ownerId,
      kind: 'reminder.silent_customers',
      // Opens the owner's customer list.
      subjectType: 'customers',
      subjectId: ownerId,
      ...keyedMessage(
        mine[0]?.locale ?? 'en',
        'reminder.silent.title',
        { count: total, days: region.silentAfterDays, subject: body },
        { bodyKey: 'notification.subject' },
      ),
      dedupeKey: `silent:${ownerId}:${run.day}`,
      now: run.at,
      // The owner's own routes only: one rep's list is no message for the region's group chat.
      personalOnly: true,
    });
  });
  return {
    rowsTouched: (noted.meta?.changes ?? 0) + (await inBatches(db, statements)),
    errors: 0,
  };
}
