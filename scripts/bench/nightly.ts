/**
 * `npm run bench:nightly -- [--scale large] [--region reg_east] [--persist DIR]`
 * The nightly jobs of one region on a seeded company (default: the large seed, 30,000 customers
 * and 500,000 visits) in wrangler's local D1: wall time and D1 statements of each step, for the
 * day just ended. A step is one entry of STEPS; add a job there to measure it too.
 * `--persist DIR` keeps (or reuses) the seeded storage, so a second run skips the seeding.
 * Last, the rollup backfill of the region's past `--backfill-days` (what the seed and a recovery run).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getPlatformProxy } from 'wrangler';
import { seedLocalDatabase } from '../seed';
import type { SeedScale } from '../seed/generate';
import { localDay } from '../../worker/platform/time/zones';
import { shiftDay } from '../../worker/reports/report-rules';
import { backfillRollups, runNightlyRollups } from '../../worker/reports/rollups';
import { buildNightlyReport } from '../../queues/nightly-report';
import { runNightlyHealth } from '../../worker/customers/nightly-health';
import { runPointAwards } from '../../worker/points/award';
import { runContractExpiryAlerts } from '../../worker/renewals/expiry-job';
import type { RegionRun, RunOutcome } from '../../queues/region-run';
import { DEFAULT_SEED } from './session';

process.env.WRANGLER_SEND_METRICS ??= 'false';

type Step = { name: string; run(env: Env, run: RegionRun): Promise<RunOutcome | void> };

/** The nightly steps in the order the schedule runs them (queues/region-schedule.ts). */
const STEPS: Step[] = [
  { name: 'rollups (day just ended)', run: runNightlyRollups },
  { name: 'customer health', run: runNightlyHealth },
  { name: 'points (last 8 days)', run: runPointAwards },
  { name: 'contract expiry alerts', run: runContractExpiryAlerts },
  {
    name: 'report build',
    run: (env, run) => buildNightlyReport(env, { regionId: run.regionId, day: run.day }),
  },
  {
    // The report built again once its rollups exist: what a redelivered message costs.
    name: 'report build (again)',
    run: (env, run) => buildNightlyReport(env, { regionId: run.regionId, day: run.day }),
  },
];

/** A D1 binding that counts the statements it is given (one per prepare run, each in a batch). */
function counting(d1: D1Database) {
  const counter = { statements: 0, roundTrips: 0 };
  // The binding's batch wants its own statements back, not the counting wrappers.
  const unwrapped = new WeakMap<object, D1PreparedStatement>();
  const wrapStatement = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapper = new Proxy(statement, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property === 'bind')
          return (...values: unknown[]) => wrapStatement(target.bind(...values));
        if (['first', 'run', 'all', 'raw'].includes(property as string))
          return (...args: unknown[]) => {
            counter.statements += 1;
            counter.roundTrips += 1;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    unwrapped.set(wrapper, statement);
    return wrapper;
  };
  const db = new Proxy(d1, {
    get(target, property, receiver) {
      if (property === 'prepare') return (query: string) => wrapStatement(target.prepare(query));
      if (property === 'batch')
        return (statements: D1PreparedStatement[]) => {
          counter.statements += statements.length;
          counter.roundTrips += 1;
          return target.batch(statements.map((one) => unwrapped.get(one) ?? one));
        };
      if (property === 'exec')
        return (query: string) => {
          counter.statements += 1;
          counter.roundTrips += 1;
          return target.exec(query);
        };
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db, counter };
}

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'large' },
    region: { type: 'string', default: 'reg_east' },
    persist: { type: 'string' },
    'backfill-days': { type: 'string', default: '365' },
  },
});
const scale = values.scale as SeedScale;
const persistTo = values.persist ?? mkdtempSync(join(tmpdir(), 'fieldwall-nightly-'));
const fresh = !existsSync(join(persistTo, 'v3', 'd1'));
try {
  if (fresh) {
    const migrate = spawnSync(
      'npx',
      ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo],
      { encoding: 'utf8', env: { ...process.env, CI: 'true' } },
    );
    if (migrate.status !== 0) throw new Error(`migrations failed: ${migrate.stderr}`);
    console.log(`Seeding the ${scale} company (with its rollup backfill) …`);
    const started = performance.now();
    await seedLocalDatabase({
      scale,
      seed: DEFAULT_SEED,
      reset: false,
      ifEmpty: true,
      persistTo,
      quiet: true,
    });
    console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const { env, dispose } = await getPlatformProxy<Env>({
    configPath: 'wrangler.jsonc',
    persist: { path: join(persistTo, 'v3') },
  });
  try {
    const counts = await env.DB.prepare(
      `SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM visits) AS visits,
              (SELECT count(*) FROM visits WHERE region_id = ?1) AS regionVisits,
              (SELECT time_zone FROM regions WHERE id = ?1) AS timeZone`,
    )
      .bind(values.region)
      .first<{
        customers: number;
        visits: number;
        regionVisits: number;
        timeZone: string | null;
      }>();
    if (!counts?.timeZone) throw new Error(`no region ${values.region}`);
    const at = Date.now();
    const run: RegionRun = {
      regionId: values.region,
      day: shiftDay(localDay(at, counts.timeZone), -1),
      at,
    };
    console.log(
      `\n${counts.customers.toLocaleString('en')} customers, ${counts.visits.toLocaleString('en')} visits ` +
        `(${counts.regionVisits.toLocaleString('en')} in ${run.regionId}); nightly steps for ${run.day}:\n`,
    );
    console.log(
      `${'step'.padEnd(28)} ${'wall ms'.padStart(9)} ${'statements'.padStart(11)} ${'round trips'.padStart(12)} ${'rows'.padStart(7)}`,
    );
    let total = 0;
    for (const step of STEPS) {
      const { db, counter } = counting(env.DB);
      const started = performance.now();
      const outcome = await step.run({ ...env, DB: db }, run);
      const ms = performance.now() - started;
      total += ms;
      console.log(
        `${step.name.padEnd(28)} ${ms.toFixed(0).padStart(9)} ${String(counter.statements).padStart(11)} ` +
          `${String(counter.roundTrips).padStart(12)} ${String(outcome?.rowsTouched ?? '').padStart(7)}`,
      );
    }
    console.log(`${'total'.padEnd(28)} ${total.toFixed(0).padStart(9)}`);
    const backfillDays = Number(values['backfill-days']);
    if (backfillDays > 0) {
      const { db, counter } = counting(env.DB);
      const started = performance.now();
      const rows = await backfillRollups(
        { DB: db },
        run.regionId,
        shiftDay(run.day, 1 - backfillDays),
        run.day,
        at,
      );
      const ms = performance.now() - started;
      console.log(
        `\n${`backfill, ${backfillDays} days`.padEnd(28)} ${ms.toFixed(0).padStart(9)} ${String(counter.statements).padStart(11)} ` +
          `${String(counter.roundTrips).padStart(12)} ${String(rows).padStart(7)}`,
      );
    }
  } finally {
    await dispose();
  }
} finally {
  if (!values.persist) rmSync(persistTo, { recursive: true, force: true });
}
