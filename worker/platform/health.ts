import { Hono } from 'hono';
import type { AppEnv } from './app-env';

/** Liveness only: answers without touching D1 so a probe never adds load. */
export const healthRoutes = new Hono<AppEnv>().get('/healthz', (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json({ ok: true });
});
