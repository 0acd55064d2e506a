/**
 * `npm run seed -- [--scale tiny|demo|large] [--seed N] [--reset] [--if-empty]`
 * Writes the deterministic demo company into the local D1 (the same storage `npm start` serves).
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { getPlatformProxy } from 'wrangler';
import { generateSeed, type SeedScale } from './seed/generate';
import { clearDatabase, isDatabaseSeeded, writeSeed } from './seed/write';
import { printDemoAccounts } from './seed/accounts';
import { awardPoints } from '../worker/points/award';
import { runContractExpiryAlerts } from '../worker/renewals/expiry-job';
import { localDay } from '../worker/platform/time/zones';

/** Two months of seeded history earn points, so this month's and last month's boards are full. */
const POINTS_BACKFILL_MS = 62 * 86_400_000;

// Offline by default: wrangler's usage telemetry would otherwise try to reach the internet.
process.env.WRANGLER_SEND_METRICS ??= 'false';

const SCALES: SeedScale[] = ['tiny', 'demo', 'large'];

export async function seedLocalDatabase(options: {
  scale: SeedScale;
  seed: number;
  reset: boolean;
  ifEmpty: boolean;
  persistTo?: string;
  quiet?: boolean;
}): Promise<boolean> {
  const persist = options.persistTo ? { path: `${options.persistTo}/v3` } : true;
  const { env, dispose } = await getPlatformProxy<Env>({ configPath: 'wrangler.jsonc', persist });
  try {
    if (options.reset) {
      await clearDatabase(env.DB);
      // The region walls cache D1's tasks in their own storage: start them over too.
      rmSync(`${options.persistTo ?? '.wrangler/state'}/v3/do`, { recursive: true, force: true });
    } else if (await isDatabaseSeeded(env.DB)) {
      if (options.ifEmpty) return false;
      throw new Error('The local database already has data. Use --reset to start over.');
    }
    const started = Date.now();
    const data = generateSeed({ seed: options.seed, scale: options.scale, now: started });
    let lastReport = 0;
    const written = await writeSeed(env.DB, data, (table, count) => {
      if (!options.quiet && Date.now() - lastReport > 2_000) {
        lastReport = Date.now();
        process.stdout.write(`  … ${table}: ${count.toLocaleString('en')}\n`);
      }
    });
    // The scheduled jobs take over from now on; the seeded history earns its points here, and
    // today's expiry alerts and renewal lists are made, so the demo does not wait for 09:00.
    for (const region of data.regions) {
      written.point_awards =
        (written.point_awards ?? 0) +
        (await awardPoints(env.DB, region.id, started - POINTS_BACKFILL_MS, started));
      const today = { regionId: region.id, day: localDay(started, region.timeZone), at: started };
      written.expiry_alerts =
        (written.expiry_alerts ?? 0) + (await runContractExpiryAlerts(env, today)).rowsTouched;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (options.quiet) return true;
    console.log(
      `Seeded the demo company (scale ${options.scale}, seed ${options.seed}) in ${seconds} s:`,
    );
    console.log(
      Object.entries(written)
        .map(([table, count]) => `  ${table.padEnd(20)} ${count.toLocaleString('en').padStart(9)}`)
        .join('\n'),
    );
    return true;
  } finally {
    await dispose();
  }
}

const isMain = process.argv[1]?.endsWith('seed.ts');
if (isMain) {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'demo' },
      seed: { type: 'string', default: '20261123' },
      reset: { type: 'boolean', default: false },
      'if-empty': { type: 'boolean', default: false },
    },
  });
  const scale = values.scale as SeedScale;
  if (!SCALES.includes(scale)) {
    console.error(`--scale must be one of ${SCALES.join(', ')}`);
    process.exit(2);
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) {
    console.error('--seed must be an integer');
    process.exit(2);
  }
  const seeded = await seedLocalDatabase({
    scale,
    seed,
    reset: values.reset,
    ifEmpty: values['if-empty'],
  });
  if (!seeded)
    console.log('The local database already has data; left as it is (use --reset to start over).');
  printDemoAccounts();
}
