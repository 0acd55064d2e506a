import { Hono } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { mayReachRegion, scopeOf } from '../platform/access/policy';
import { HttpError, notFound } from '../platform/http/errors';
import { cityTag, REGION_TAG } from '../../durable-objects/region-wall/region-wall';
import { regionWall } from './wall';

/**
 * `GET /wall/live`: a WebSocket onto a region wall. A rep hears their city only; a manager or
 * the director names the region (`?region=`) and hears all of it. The object trusts the tags
 * because only this route reaches it.
 */
export const wallLiveRoutes = new Hono<AppEnv>().get('/', async (c) => {
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket')
    throw new HttpError(426, 'upgrade_required', 'Connect with a WebSocket.');
  // Browsers send Origin on WebSocket upgrades; another site's page must not ride the cookie.
  const origin = c.req.header('origin');
  if (origin && origin !== new URL(c.req.url).origin)
    throw new HttpError(403, 'cross_origin', 'Cross-site sockets are not accepted.');
  const user = currentUser(c);
  const scope = scopeOf(user, 'tasks');
  let regionId: string | null;
  let tags: string[];
  if (scope.kind === 'city') {
    regionId = user.regionId;
    tags = [cityTag(scope.cityId)];
  } else {
    regionId = c.req.query('region') ?? user.regionId;
    tags = [REGION_TAG];
  }
  if (!regionId || !mayReachRegion(user, 'tasks', regionId)) throw notFound();
  const headers = new Headers(c.req.raw.headers);
  headers.set('x-wall-tags', tags.join(','));
  const upgraded = await regionWall(c.env, regionId).fetch(new Request(c.req.raw.url, { headers }));
  // Re-wrapped so the app's middleware may still add its headers to the 101.
  return new Response(upgraded.body, {
    status: upgraded.status,
    headers: new Headers(upgraded.headers),
    webSocket: upgraded.webSocket,
  });
});
