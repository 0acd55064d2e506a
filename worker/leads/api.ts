import { Hono } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { HttpError } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import { afterResponse, stopLeadClock } from '../tasks/timers';
import { firstTouch } from './first-touch';
import { decodeLeadCursor, listLeads } from './queries';
import { leadIdParam } from './pages';
import { firstTouchJson, leadListQuery } from '../api/schemas';

export const leadApi = new Hono<AppEnv>()
  .get('/', validate('query', leadListQuery), async (c) => {
    const { status, cursor, limit } = c.req.valid('query');
    const before = cursor ? decodeLeadCursor(cursor) : null;
    if (cursor && !before) throw new HttpError(400, 'invalid_cursor', 'Unknown cursor; start again from the first page.');
    return c.json(await listLeads(c.var.db, currentUser(c), { status, before, limit }));
  })
  .post('/:id/first-touch', requireCapability('workAsRep'), validate('param', leadIdParam), validate('json', firstTouchJson), async (c) => {
    const lead = await firstTouch(c.var.db, currentUser(c), c.req.valid('param').id, c.req.valid('json').channel, Date.now());
    if (lead.justTouched) afterResponse(c.executionCtx, stopLeadClock(c.env, lead.regionId, lead.id));
    return c.json(lead);
  });
