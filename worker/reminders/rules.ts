/**
 * The reminder rules, free of storage: which due times a nudge covers, when a customer counts as silent, and when an after-delivery revisit is made.
 * docs/rules.md#reminders
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A nudge covers what falls due within the hour after the run: `[at, at + 1 h)`. */
export function nudgeWindow(at: number): { from: number; to: number } {
  return { from: at, to: at + HOUR };
}

/** How many items a digest or reminder names; the rest are counted. */
export const PREVIEW_ITEMS = 3;

/** The default of `regions.silent_after_days`. */
export const SILENT_AFTER_DAYS = 30;

/** A customer whose last interaction is before this instant is silent. */
export function silentBefore(at: number, silentAfterDays: number): number {
  return at - silentAfterDays * DAY;
}

/** Customer-success revisits after an order is delivered, in days. */
export const REVISIT_DAYS = [30, 60, 90] as const;
export type RevisitDays = (typeof REVISIT_DAYS)[number];
/** A revisit lands on the owner's Today list this many days before it is due. */
export const REVISIT_NOTICE_DAYS = 7;
/** A run still makes a revisit that fell due this many days ago (a missed night, a re-run). */
export const REVISIT_CATCH_UP_DAYS = 14;

/** Deterministic, so making a revisit again adds nothing. */
export function revisitTaskId(orderId: string, days: RevisitDays): string {
  return `revisit:${orderId}:${days}`;
}

/**
 * Orders whose `days`-day revisit a run at `at` makes: the revisit (delivery + `days`) is due
 * within the notice ahead, and not longer ago than the catch-up, so old history makes none.
 */
export function revisitDeliveryWindow(at: number, days: RevisitDays): { from: number; to: number } {
  return {
    from: at - (REVISIT_CATCH_UP_DAYS + days) * DAY,
    to: at + (REVISIT_NOTICE_DAYS - days) * DAY,
  };
}

export function revisitDueAt(deliveredAt: number, days: RevisitDays): number {
  return deliveredAt + days * DAY;
}

/** A digest names the first few of `total` items (given in due order) and counts the rest. */
export function previewOf<T>(items: T[], total: number): { shown: T[]; more: number } {
  const shown = items.slice(0, PREVIEW_ITEMS);
  return { shown, more: Math.max(0, total - shown.length) };
}
