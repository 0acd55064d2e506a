/**
 * The daily contract-expiry job of a region (docs/rules.md#contract-expiry-alerts): alerts 30, 14,
 * 7 and 1 region-local days before a contract ends, once each, to its owner; and for a repeat
 * buyer a renewal-preparation list for the owner and the region's business and legal users.
 * One read and one batch of six set-based statements per region, whatever the number of contracts;
 * every statement is keyed (alert rows, notification dedupe keys, one list per contract and end),
 * so running it twice, or again for a past day, adds nothing.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { RegionRun, RunOutcome } from '../../queues/region-run';
import { openDatabase } from '../platform/db/client';
import { setStatement } from '../platform/db/set-statement';
import {
  contractExpiryAlerts,
  contracts,
  customers,
  notifications,
  orders,
  regions,
  renewalPreparations,
  users,
} from '../platform/db/schema';
import { routedCopiesOf } from '../notifications/routing';
import { monthsBefore, RENEWAL_PREPARATION } from '../orders/rules';
import { dayStartsAfter, EXPIRY_THRESHOLDS } from './rules';

const HORIZON = EXPIRY_THRESHOLDS[0];

/** `expiryThresholdFor` as a SQL expression over `days_left` (1 ≤ days_left ≤ 30 here). */
const thresholdOfDaysLeft = sql.raw(
  `case ${[...EXPIRY_THRESHOLDS]
    .reverse()
    .map((threshold) => `when days_left <= ${threshold} then ${threshold}`)
    .join(' ')} end`,
);

export async function runContractExpiryAlerts(env: Env, run: RegionRun): Promise<RunOutcome> {
  const db = openDatabase(env.DB);
  const [region] = await db
    .select({ timeZone: regions.timeZone })
    .from(regions)
    .where(eq(regions.id, run.regionId));
  if (!region) return { rowsTouched: 0, errors: 1 };
  // Tomorrow's start … the start of the 31st day: a contract's days left is how many have begun by its end.
  const starts = dayStartsAfter(run.day, region.timeZone, HORIZON + 1);
  const repeatBuyersSince = monthsBefore(run.at, RENEWAL_PREPARATION.months);

  // Active contracts of live customers ending 1 to 30 region-local days after `run.day`, with the alert due.
  const due = sql`
    with ending as (
      select ${contracts.id} as id, ${contracts.number} as number, ${contracts.ownerId} as owner_id,
        ${contracts.customerId} as customer_id, ${contracts.endAt} as end_at,
        ${customers.name} as customer_name,
        (select count(*) from json_each(${JSON.stringify(starts)}) where value <= ${contracts.endAt}) as days_left
      from ${contracts} join ${customers} on ${customers.id} = ${contracts.customerId}
      where ${contracts.regionId} = ${run.regionId} and ${contracts.status} = 'active'
        and ${contracts.archivedAt} is null and ${customers.archivedAt} is null
        and ${contracts.endAt} >= ${starts[0]} and ${contracts.endAt} < ${starts[HORIZON]}
    ),
    due as (select ending.*, ${thresholdOfDaysLeft} as days_before from ending)`;

  const statement = (query: SQL) => setStatement(env.DB, query);
  const results = await env.DB.batch([
    // 1. The owner's alert, unless this threshold's alert went out before (on an earlier day).
    statement(sql`${due}
      insert into ${notifications} (id, recipient_id, channel, kind, subject_type, subject_id, title,
        body, title_key, body_key, message_params, status, dedupe_key, attempts, due_at, sent_at,
        created_at)
      select lower(hex(randomblob(16))), due.owner_id, 'inbox', 'contract.expiring', 'contract',
        due.id, due.number || ' · ' || due.customer_name, '',
        'notification.contractExpiring.title', 'notification.contractExpiring.body',
        json_object('number', due.number, 'customer', due.customer_name, 'days', due.days_left),
        'sent', 'contract-expiry:' || due.id || ':' || due.days_before, 0, ${run.at}, ${run.at},
        ${run.at}
      from due
      where not exists (select 1 from ${contractExpiryAlerts} as sent
        where sent.contract_id = due.id and sent.days_before = due.days_before)
      on conflict (dedupe_key) do nothing`),
    statement(routedCopiesOf(thisRunsInbox('contract.expiring', run))),
    // 2. The alert rows: what "sent once" is checked against.
    statement(sql`${due}
      insert into ${contractExpiryAlerts} (contract_id, days_before, sent_at)
      select id, days_before, ${run.at} from due where true
      on conflict do nothing`),
    // 3. A repeat buyer's contract gets its renewal-preparation list once per end date
    //    (`qualifiesForRenewalPreparation`, orders/rules.ts, in SQL).
    statement(sql`${due}
      insert into ${renewalPreparations} (id, contract_id, contract_end_at, created_at)
      select 'rnw_' || lower(hex(randomblob(10))), due.id, due.end_at, ${run.at} from due
      where (select count(*) from ${orders}
          where ${orders.customerId} = due.customer_id and ${orders.archivedAt} is null
            and ${orders.status} <> 'cancelled'
            and ${orders.orderedAt} >= ${repeatBuyersSince} and ${orders.orderedAt} <= ${run.at}
        ) > ${RENEWAL_PREPARATION.moreThan}
      on conflict do nothing`),
    // 4. The lists made by this run go to the contract's owner and the region's business and legal users.
    statement(sql`
      insert into ${notifications} (id, recipient_id, channel, kind, subject_type, subject_id, title,
        body, title_key, body_key, message_params, status, dedupe_key, attempts, due_at, sent_at,
        created_at)
      select lower(hex(randomblob(16))), ${users.id}, 'inbox', 'renewal.prepared', 'renewal',
        prepared.id, ${contracts.number} || ' · ' || ${customers.name}, '',
        'notification.renewalPrepared.title', 'notification.renewalPrepared.body',
        json_object('number', ${contracts.number}, 'customer', ${customers.name}),
        'sent', 'renewal:' || prepared.id || ':' || ${users.id}, 0, ${run.at}, ${run.at}, ${run.at}
      from ${renewalPreparations} as prepared
      join ${contracts} on ${contracts.id} = prepared.contract_id
      join ${customers} on ${customers.id} = ${contracts.customerId}
      join ${users} on ${users.active} = 1 and (${users.id} = ${contracts.ownerId}
        or (${users.regionId} = ${contracts.regionId} and ${users.role} in ('business', 'legal')))
      where prepared.created_at = ${run.at} and ${contracts.regionId} = ${run.regionId}
      on conflict (dedupe_key) do nothing`),
    statement(routedCopiesOf(thisRunsInbox('renewal.prepared', run))),
  ]);
  const rowsTouched = results.reduce((total, result) => total + (result.meta.changes ?? 0), 0);
  return { rowsTouched, errors: 0 };
}

/** The inbox notifications of `kind` this run wrote for the region (their outbound copies follow). */
function thisRunsInbox(kind: string, run: RegionRun) {
  return sql`inbox.kind = ${kind} and inbox.status = 'sent' and inbox.due_at = ${run.at}
    and inbox.recipient_id in (select ${users.id} from ${users} where ${users.regionId} = ${run.regionId})`;
}
