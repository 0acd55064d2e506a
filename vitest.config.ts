import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Every test runs inside workerd with the real bindings from wrangler.jsonc (D1, the RegionWall
// object, queues, R2). Storage is isolated per test file.
export default defineConfig(async () => {
  const migrations = await readD1Migrations('migrations');
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.jsonc' },
        // A setup token, so tests can run first-run setup, and the feedback links' signing secret
        // (production sets both with `wrangler secret put`).
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            SETUP_TOKEN: 'test-setup-token',
            FEEDBACK_LINK_SECRET: 'test-feedback-link-secret',
          },
        },
      }),
    ],
    test: {
      include: ['tests/**/*.test.{ts,tsx}'],
      exclude: ['tests/browser/**'],
      setupFiles: ['./tests/setup/apply-migrations.ts'],
      testTimeout: 30_000,
      reporters: ['default', './scripts/test-summary-reporter.ts'],
    },
  };
});
