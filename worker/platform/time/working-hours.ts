/** A region's working day, in its own time (pure). Scheduled jobs and reminders follow it. */

/** A region without working hours of its own works the company's default day. */
export const DEFAULT_WORKDAY = { start: '09:00', end: '18:00' } as const;

/** Minutes after local midnight of an `HH:MM` clock. */
function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

export type WorkingHours = { workStart: string | null; workEnd: string | null };

/** The local hour the working day starts in: the morning digest runs then. */
export function workStartHour(region: Pick<WorkingHours, 'workStart'>): number {
  return Math.floor(minutesOf(region.workStart ?? DEFAULT_WORKDAY.start) / 60);
}

/**
 * Whether an hourly run at local hour `hour` (`HH:00`) falls in the working day: from the start's
 * hour up to, not including, the end. Outside it no nudge goes out; the morning digest lists what
 * fell due meanwhile.
 */
export function isWorkingHour(region: WorkingHours, hour: number): boolean {
  const end = minutesOf(region.workEnd ?? DEFAULT_WORKDAY.end);
  return hour >= workStartHour(region) && hour * 60 < end;
}
