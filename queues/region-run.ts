/** What a scheduled region job is asked to do, and what it reports back (queues/region-jobs.ts). */
export type RegionRun = {
  regionId: string;
  /** The region-local calendar day the run is for, `YYYY-MM-DD`. */
  day: string;
  /**
   * The instant the run stands for (the cron's scheduled time, or that local day and hour on a
   * re-run): "now" for every due or overdue computation, so a re-run for a past date is faithful.
   */
  at: number;
};

/** Shown per run on /admin/jobs. */
export type RunOutcome = { rowsTouched: number; errors: number };
