/**
 * Due-soon nudges (docs/rules.md#reminders): each hour of the region's working day, the rep hears
 * of every follow-up, commitment and claimed task falling due within the next hour, one message an
 * item. Keyed by the item and its due time, so a rerun adds nothing and a rescheduled item nudges
 * again. Outside working hours nothing goes out: the morning digest lists what fell due meanwhile.
 */
import type { RegionRun, RunOutcome } from '../../queues/region-run';
import { openDatabase } from '../platform/db/client';
import { keyedMessage } from '../notifications/message';
import { inboxAndRoutes } from '../notifications/routing';
import { localHour } from '../platform/time/zones';
import { inBatches } from './batches';
import { dueItems, regionForRun, regionReps } from './due-items';
import { inEachLocale, itemLine } from './item-lines';
import { isWorkingHour } from '../platform/time/working-hours';
import { nudgeWindow } from './rules';

/** At most this many nudges of a kind per rep and hour; any more are on the Today page anyway. */
const NUDGES_PER_REP = 20;

export async function runDueSoonNudges(env: Env, run: RegionRun): Promise<RunOutcome> {
  const db = openDatabase(env.DB);
  const region = await regionForRun(db, run.regionId);
  if (!region || !isWorkingHour(region, localHour(run.at, region.timeZone)))
    return { rowsTouched: 0, errors: 0 };
  const window = nudgeWindow(run.at);
  const [items, reps] = await Promise.all([
    dueItems(
      db,
      run.regionId,
      {
        from: window.from,
        to: window.to,
        commitmentsFrom: window.from,
        overdueBefore: window.from,
      },
      NUDGES_PER_REP,
    ),
    regionReps(db, run.regionId),
  ]);
  const localeOf = new Map(reps.map((rep) => [rep.id, rep.locale ?? 'en']));
  const statements = items.flatMap((item) => {
    const line = inEachLocale((locale) => itemLine(item, region.timeZone, locale));
    return inboxAndRoutes(db, {
      recipientId: item.ownerId,
      kind: `reminder.due_soon.${item.kind}`,
      subjectType: item.customerId ? 'customer' : 'task',
      subjectId: item.customerId ?? item.itemId,
      ...keyedMessage(
        localeOf.get(item.ownerId) ?? 'en',
        'reminder.dueSoon.title',
        { subject: line },
        { bodyKey: 'notification.subject' },
      ),
      dedupeKey: `nudge:${item.kind}:${item.itemId}:${item.dueAt}`,
      now: run.at,
      // The person's own routes only: one rep's reminder is no message for the region's group chat.
      personalOnly: true,
    });
  });
  return { rowsTouched: await inBatches(db, statements), errors: 0 };
}
