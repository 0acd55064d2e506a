/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';

// The worker's source as text (bundled by Vite at test time; workerd has no file system).
const sources = import.meta.glob<string>('../../worker/**/*.{ts,tsx}', {
  query: '?raw',
  import: 'default',
  eager: true,
});

const resolve = (from: string, specifier: string) => {
  const parts = from.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  const base = parts.join('/');
  return [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find(
    (candidate) => candidate in sources,
  );
};

// Modules that compose the route tree by mounting sub-apps; they are the only ones allowed to import routes.
const COMPOSERS = ['../../worker/app.tsx', '../../worker/api/index.ts'];
describe('route modules', () => {
  it('import use-cases, queries, rules, platform and views, never another route module', () => {
    const routeModules = new Set(
      Object.keys(sources).filter((path) => /new Hono\b/.test(sources[path]!)),
    );
    expect(routeModules.size).toBeGreaterThan(10);
    const crossings: string[] = [];
    for (const path of routeModules) {
      if (COMPOSERS.includes(path)) continue;
      for (const [, specifier] of sources[path]!.matchAll(/from '(\.[^']+)'/g)) {
        const target = resolve(path, specifier!);
        if (target && routeModules.has(target))
          crossings.push(`${path} -> ${target}`.replaceAll('../../', ''));
      }
    }
    expect(crossings).toEqual([]);
  });
});
