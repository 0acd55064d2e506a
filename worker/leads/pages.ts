import { Hono } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { validate } from '../platform/http/validate';
import { afterResponse, stopLeadClock } from '../tasks/timers';
import { firstTouch } from './first-touch';
import { firstTouchInput, leadIdParam } from './lead-input';

/** The inbox's "Called / Visited / Messaged" buttons. */
export const leadPages = new Hono<AppEnv>().post(
  '/:id/first-touch',
  requireCapability('workAsRep'),
  validate('param', leadIdParam),
  validate('form', firstTouchInput),
  async (c) => {
    const lead = await firstTouch(
      c.var.db,
      currentUser(c),
      c.req.valid('param').id,
      c.req.valid('form').channel,
      Date.now(),
    );
    if (lead.justTouched)
      afterResponse(c.executionCtx, stopLeadClock(c.env, lead.regionId, lead.id));
    return c.redirect('/rep/inbox?touched=1', 303);
  },
);
