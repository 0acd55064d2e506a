import { defineConfig } from 'vitest/config';

// Browser tests run in Node: they start `wrangler dev` and drive Debian's Chromium.
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['default', './scripts/test-summary-reporter.ts'],
  },
});
