import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { currentUser, requireCapability, requireUser } from '../../access/guards';
import { repContextFor, repHomeCounts, repToday } from '../../rep/queries';
import { customerApi } from './customers';
import { leadApi } from './leads';
import { openApiDocument } from './openapi';
import { visitApi } from './visits';

/** The JSON API: bearer token or session cookie, the same scope rules as the pages. */
export const apiV1 = new Hono<AppEnv>()
  // The description of the API is public, like the API's existence.
  .get('/openapi.json', (c) => c.json(openApiDocument(new URL(c.req.url).origin)))
  .use(requireUser)
  .get('/me', (c) => {
    const { id, name, email, role, regionId, cityId, locale, timeZone } = currentUser(c);
    return c.json({ id, name, email, role, regionId, cityId, locale: locale ?? c.var.locale, timeZone });
  })
  .get('/today', requireCapability('workAsRep'), async (c) => {
    const rep = repContextFor(currentUser(c));
    const [counts, items] = await Promise.all([repHomeCounts(c.var.db, rep), repToday(c.var.db, rep)]);
    return c.json({ counts, items });
  })
  .route('/customers', customerApi)
  .route('/visits', visitApi)
  .route('/leads', leadApi);
