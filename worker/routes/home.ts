import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { homePathFor } from '../access/policy';

/** `/` sends each role to the page it starts its day on. */
export const homeRoutes = new Hono<AppEnv>().get('/', (c) => {
  const user = c.var.user;
  return c.redirect(user ? homePathFor(user.role) : '/login', 303);
});
