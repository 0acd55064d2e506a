import { createMiddleware } from 'hono/factory';

/**
 * API answers are one user's data (a session cookie authenticates them as well as a bearer
 * token): no shared or browser cache may keep them, error answers included.
 */
export const noStore = createMiddleware(async (c, next) => {
  await next();
  c.header('Cache-Control', 'private, no-store');
});
