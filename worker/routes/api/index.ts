import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { currentUser, requireUser } from '../../access/guards';
import { customerApi } from './customers';

/** The JSON API: bearer token or session cookie, the same scope rules as the pages. */
export const apiV1 = new Hono<AppEnv>()
  .use(requireUser)
  .get('/me', (c) => {
    const { id, name, email, role, regionId, cityId, locale, timeZone } = currentUser(c);
    return c.json({ id, name, email, role, regionId, cityId, locale: locale ?? c.var.locale, timeZone });
  })
  .route('/customers', customerApi);
