/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';

// Every view module's source, to check what it imports.
const sources = import.meta.glob<string>('../../views/**/*.{ts,tsx}', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Server modules a view may take values from: formatting, the translator and labels, page rendering. */
const RENDER_HELPERS = [
  /\/worker\/platform\/http\/format$/,
  /\/worker\/platform\/http\/render$/,
  /\/worker\/platform\/i18n(\/[\w-]+)?$/,
];

function valueImportsFromServer(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/^import\s+(type\s+)?[^;]*?\s+from\s+'([^']+)';/gms)) {
    const [, typeOnly, path] = match;
    if (typeOnly || !/\/(worker|durable-objects|queues)\//.test(path!)) continue;
    if (RENDER_HELPERS.some((helper) => helper.test(path!))) continue;
    found.push(path!);
  }
  return found;
}

describe('views and the server', () => {
  it('views import only types and render helpers from worker/, durable-objects/ and queues/', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    for (const [file, source] of Object.entries(sources))
      expect(valueImportsFromServer(source), file).toEqual([]);
  });
});
