/**
 * `npm start`: everything on this machine, offline. Builds the assets, applies the local D1
 * migrations, seeds the demo company if the database is empty, then runs `wrangler dev` (local
 * D1, Durable Objects, Queues, R2) with a local cron ticker, and prints the demo accounts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { printDemoAccounts } from './seed/accounts';
import { seedLocalDatabase } from './seed';
import { startLocalCron } from './local-cron';

// Offline by default: wrangler's usage telemetry would otherwise try to reach the internet.
process.env.WRANGLER_SEND_METRICS ??= 'false';

const PORT = Number(process.env.PORT ?? 8787);
const BASE_URL = `http://localhost:${PORT}`;

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function configuredCrons(): string[] {
  // wrangler.jsonc allows comments; strip whole-line ones before parsing.
  const text = readFileSync('wrangler.jsonc', 'utf8').replace(/^\s*\/\/.*$/gm, '');
  return (JSON.parse(text) as { triggers?: { crons?: string[] } }).triggers?.crons ?? [];
}

run('npx', ['tsx', 'scripts/build-assets.ts']);
run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local']);
await seedLocalDatabase({ scale: 'demo', seed: 20261123, reset: false, ifEmpty: true });

const dev = spawn(
  'npx',
  [
    'wrangler',
    'dev',
    '--port',
    String(PORT),
    '--test-scheduled',
    '--show-interactive-dev-session=false',
  ],
  { stdio: 'inherit' },
);
const stopCron = startLocalCron(configuredCrons(), BASE_URL, (line) =>
  console.log(`[local cron] ${line}`),
);

// Print the accounts once the app answers, so they are the last thing on screen.
for (let i = 0; i < 120; i++) {
  try {
    if ((await fetch(`${BASE_URL}/healthz`)).ok) {
      console.log('');
      printDemoAccounts(BASE_URL);
      break;
    }
  } catch {
    // not up yet
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopCron();
    dev.kill(signal);
  });
}
dev.on('exit', (code) => {
  stopCron();
  process.exit(code ?? 0);
});
