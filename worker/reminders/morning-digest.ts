/**
 * The morning digest (docs/rules.md#reminders): at the start of the region's working day, each
 * active rep with anything due today or overdue gets one message, in the app and through their
 * own routes, counting it and naming the first few items, linking to the Today page. Keyed
 * `digest:<rep>:<day>`, so a second run of the day adds nothing.
 */
import type { RegionRun, RunOutcome } from '../../queues/region-run';
import { openDatabase } from '../platform/db/client';
import { translator } from '../platform/i18n';
import { keyedMessage } from '../notifications/message';
import { inboxAndRoutes } from '../notifications/routing';
import { localDayRange } from '../platform/time/zones';
import { dueItems, regionForRun, regionReps, type DueItem, type DueItemKind } from './due-items';
import { inEachLocale, itemLine } from './item-lines';
import { previewOf, PREVIEW_ITEMS } from './rules';
import { inBatches } from './batches';

/** One rep's due items: every kind's count, and the earliest few overall. */
function digestOf(items: DueItem[]) {
  const byKind = new Map<DueItemKind, DueItem>();
  for (const item of items) byKind.set(item.kind, item);
  let total = 0;
  let overdue = 0;
  for (const item of byKind.values()) {
    total += item.total;
    overdue += item.overdue;
  }
  return {
    total,
    overdue,
    ...previewOf(
      items.toSorted((a, b) => a.dueAt - b.dueAt),
      total,
    ),
  };
}

export async function runMorningDigest(env: Env, run: RegionRun): Promise<RunOutcome> {
  const db = openDatabase(env.DB);
  const region = await regionForRun(db, run.regionId);
  if (!region) return { rowsTouched: 0, errors: 0 };
  const day = localDayRange(run.day, region.timeZone);
  const [items, reps] = await Promise.all([
    dueItems(
      db,
      run.regionId,
      { from: null, to: day.end, commitmentsFrom: day.start, overdueBefore: run.at },
      PREVIEW_ITEMS,
    ),
    regionReps(db, run.regionId),
  ]);
  const itemsOf = Map.groupBy(items, (item) => item.ownerId);
  const statements = reps.flatMap((rep) => {
    const mine = itemsOf.get(rep.id);
    if (!mine) return [];
    const digest = digestOf(mine);
    const body = inEachLocale((locale) => {
      const t = translator(locale);
      return [
        t('reminder.digest.counts', {
          overdue: digest.overdue,
          today: digest.total - digest.overdue,
        }),
        ...digest.shown.map((item) => itemLine(item, region.timeZone, locale)),
        ...(digest.more > 0 ? [t('reminder.digest.more', { count: digest.more })] : []),
        t('reminder.digest.footer'),
      ].join('\n');
    });
    return inboxAndRoutes(db, {
      recipientId: rep.id,
      kind: 'reminder.digest',
      // Opens the rep's Today page.
      subjectType: 'today',
      subjectId: rep.id,
      ...keyedMessage(
        rep.locale ?? 'en',
        'reminder.digest.title',
        { count: digest.total, subject: body },
        { bodyKey: 'notification.subject' },
      ),
      dedupeKey: `digest:${rep.id}:${run.day}`,
      now: run.at,
      // The person's own routes only: one rep's list is no message for the region's group chat.
      personalOnly: true,
    });
  });
  return { rowsTouched: await inBatches(db, statements), errors: 0 };
}
