// Completes package-lock.json with the platform builds npm left out.
//
// npm records an optional dependency only when it can resolve it; a registry (or mirror) that
// serves only this platform's workerd build leaves macOS and Windows out, and `npm ci` then
// refuses the lockfile everywhere ("Missing: @cloudflare/workerd-darwin-64"). This adds an entry
// (name, version, os, cpu) for every declared optional platform package that is missing, so the
// lockfile installs on every platform wrangler supports. Run it after changing dependencies:
// `npm run lockfile:complete`.
import { readFileSync, writeFileSync } from 'node:fs';

type LockEntry = {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
};

const OS_BY_WORD: Record<string, string> = {
  darwin: 'darwin',
  windows: 'win32',
  win32: 'win32',
  linux: 'linux',
};
const CPU_BY_WORD: Record<string, string> = { '64': 'x64', x64: 'x64', arm64: 'arm64' };

/** `@cloudflare/workerd-darwin-arm64` → { os: darwin, cpu: arm64 }; null for non-platform packages. */
export function platformOf(name: string): { os: string; cpu: string } | null {
  const words = name.split('/').pop()!.split('-');
  const os = words.map((w) => OS_BY_WORD[w]).find(Boolean);
  const cpu = CPU_BY_WORD[words[words.length - 1]!];
  return os && cpu ? { os, cpu } : null;
}

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8')) as { packages: Record<string, LockEntry> };
const added: string[] = [];
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${name}`;
    const platform = platformOf(name);
    if (lock.packages[target] || !platform || !/^\d+\.\d+\.\d+/.test(version)) continue;
    lock.packages[target] = {
      version,
      dev: entry.dev,
      optional: true,
      os: [platform.os],
      cpu: [platform.cpu],
    };
    added.push(`${name}@${version} (needed by ${key || 'the root'})`);
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
  ),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  added.length ? `added ${added.length}:\n  ${added.join('\n  ')}` : 'the lockfile is complete',
);
