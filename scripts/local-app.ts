/**
 * A real local Fieldwall for browser tests and benchmarks: its own storage folder, a seeded demo
 * company, `wrangler dev` on a free port, and Debian's Chromium driven by playwright-core.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { existsSync } from 'node:fs';
import { seedLocalDatabase } from './seed';
import type { SeedScale } from './seed/generate';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = () => existsSync(CHROMIUM);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export class LocalApp {
  private server: ChildProcess | null = null;
  private constructor(
    readonly persistTo: string,
    readonly port: number,
  ) {}

  get baseUrl() {
    return `http://localhost:${this.port}`;
  }

  static async create(scale: SeedScale = 'tiny'): Promise<LocalApp> {
    const persistTo = mkdtempSync(join(tmpdir(), 'fieldwall-browser-'));
    const migrate = spawnSync(
      'npx',
      ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo],
      { encoding: 'utf8', env: { ...process.env, CI: 'true' } },
    );
    if (migrate.status !== 0) throw new Error(`migrations failed: ${migrate.stderr}`);
    await seedLocalDatabase({
      scale,
      seed: 20261123,
      reset: false,
      ifEmpty: true,
      persistTo,
      quiet: true,
    });
    const app = new LocalApp(persistTo, await freePort());
    await app.start();
    return app;
  }

  async start(): Promise<void> {
    this.server = spawn(
      'npx',
      [
        'wrangler',
        'dev',
        '--port',
        String(this.port),
        '--persist-to',
        this.persistTo,
        '--show-interactive-dev-session=false',
      ],
      {
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
        // FIELDWALL_APP_LOG=1 shows the worker's log (console.error from queue consumers and crons).
        stdio: process.env.FIELDWALL_APP_LOG ? 'inherit' : 'ignore',
        detached: true,
      },
    );
    for (let i = 0; i < 120; i++) {
      try {
        if ((await fetch(`${this.baseUrl}/healthz`)).ok) return;
      } catch {
        // not up yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('wrangler dev did not start');
  }

  /** Stops the server: to the phone, the network is gone. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server?.pid) return;
    process.kill(-server.pid, 'SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    this.server = null;
    for (let i = 0; i < 40; i++) {
      try {
        await fetch(`${this.baseUrl}/healthz`);
      } catch {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.persistTo, { recursive: true, force: true });
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
