import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { FIRST_TOUCH_CHANNELS } from '../platform/db/schema';
import { validate } from '../platform/http/validate';
import { afterResponse, stopLeadClock } from '../tasks/timers';
import { firstTouch } from './first-touch';

export const leadIdParam = z.object({ id: z.string().min(1).max(64) });
export const firstTouchBody = z.object({ channel: z.enum(FIRST_TOUCH_CHANNELS) });

/** The inbox's "Called / Visited / Messaged" buttons. */
export const leadPages = new Hono<AppEnv>().post('/:id/first-touch', requireCapability('workAsRep'), validate('param', leadIdParam), validate('form', firstTouchBody), async (c) => {
  const lead = await firstTouch(c.var.db, currentUser(c), c.req.valid('param').id, c.req.valid('form').channel, Date.now());
  if (lead.justTouched) afterResponse(c.executionCtx, stopLeadClock(c.env, lead.regionId, lead.id));
  return c.redirect('/rep/inbox?touched=1', 303);
});
