import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { currentUser, requireCapability } from '../access/guards';
import { FIRST_TOUCH_CHANNELS } from '../db/schema';
import { validate } from '../http/validate';
import { firstTouch } from '../leads/first-touch';

export const leadIdParam = z.object({ id: z.string().min(1).max(64) });
export const firstTouchBody = z.object({ channel: z.enum(FIRST_TOUCH_CHANNELS) });

/** The inbox's "Called / Visited / Messaged" buttons. */
export const leadPages = new Hono<AppEnv>().post('/:id/first-touch', requireCapability('workAsRep'), validate('param', leadIdParam), validate('form', firstTouchBody), async (c) => {
  await firstTouch(c.var.db, currentUser(c), c.req.valid('param').id, c.req.valid('form').channel, Date.now());
  return c.redirect('/rep/inbox?touched=1', 303);
});
