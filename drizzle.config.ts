import { defineConfig } from 'drizzle-kit';

// drizzle-kit only writes SQL here; wrangler applies it (`npm run db:migrate`, and the tests).
export default defineConfig({
  dialect: 'sqlite',
  schema: './worker/platform/db/schema.ts',
  out: './migrations',
});
