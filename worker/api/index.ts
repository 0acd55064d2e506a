import { Hono } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability, requireUser } from '../platform/access/guards';
import { repContextFor, repHomeCounts, repToday } from '../rep/queries';
import { regionWall, repWallTasks } from '../tasks/wall';
import { documented } from '../platform/http/api-doc';
import { HttpError } from '../platform/http/errors';
import { customerApi } from '../customers/api';
import { contactApi } from '../contacts/api';
import { reassignApi } from '../customers/reassign-api';
import { contractApi } from '../contracts/api';
import { orderApi } from '../orders/api';
import { leadApi } from '../leads/api';
import { leadConversionApi } from '../leads/conversion-api';
import { openApiDocument } from './openapi';
import { visitApi } from '../visits/api';
import { taskApi } from '../tasks/api';
import { dealApi } from '../deals/api';
import { exportApi } from '../exports/api';
import { reportApi } from '../reports/api';

/** The JSON API: bearer token or session cookie, the same scope rules as the pages. */
export const apiV1 = new Hono<AppEnv>()
  // The description of the API is public, like the API's existence.
  // The document is read from apiV1's own route table, so the handler's return type is spelled
  // out (TypeScript cannot infer apiV1's type from itself).
  .get(
    '/openapi.json',
    documented({
      summary: 'This document',
      public: true,
      responses: { '200': { description: 'OpenAPI 3.1' } },
    }),
    (c): Response => c.json(openApiDocument(new URL(c.req.url).origin, '/api/v1', apiV1.routes)),
  )
  .use(requireUser)
  .get(
    '/me',
    documented({
      summary: 'The caller',
      responses: { '200': { description: 'The user the token acts as' } },
    }),
    (c) => {
      const { id, name, email, role, regionId, cityId, locale, timeZone } = currentUser(c);
      return c.json({
        id,
        name,
        email,
        role,
        regionId,
        cityId,
        locale: locale ?? c.var.locale,
        timeZone,
      });
    },
  )
  .get(
    '/today',
    documented({
      summary: "The rep's home counts, due follow-ups, and the city's wall tasks",
      responses: { '200': { description: '`{ counts, followUps, tasks: { mine, open } }`' } },
    }),
    requireCapability('workAsRep'),
    async (c) => {
      const user = currentUser(c);
      const rep = repContextFor(user);
      const [counts, followUps, tasks] = await Promise.all([
        repHomeCounts(c.var.db, rep),
        repToday(c.var.db, rep),
        repWallTasks(c.env, user),
      ]);
      return c.json({ counts, followUps, tasks });
    },
  )
  // Is the caller's region wall answering? A no-op round trip to the object (also the baseline
  // of the claim benchmark).
  .get(
    '/wall/ping',
    documented({
      summary: "A no-op round trip to the caller's region wall",
      responses: { '200': { description: '`{ ok, regionId, ms }`' } },
      errors: { '404': '`no_region`: the caller has no region wall' },
    }),
    async (c) => {
      const user = currentUser(c);
      if (!user.regionId) throw new HttpError(404, 'no_region', 'Your account has no region wall.');
      const started = Date.now();
      await regionWall(c.env, user.regionId).ping();
      return c.json({ ok: true, regionId: user.regionId, ms: Date.now() - started });
    },
  )
  .route('/customers', customerApi)
  .route('/customers', reassignApi)
  .route('/contacts', contactApi)
  .route('/contracts', contractApi)
  .route('/orders', orderApi)
  .route('/visits', visitApi)
  .route('/leads', leadApi)
  .route('/leads', leadConversionApi)
  .route('/tasks', taskApi)
  .route('/deals', dealApi)
  .route('/exports', exportApi)
  .route('/reports', reportApi);
