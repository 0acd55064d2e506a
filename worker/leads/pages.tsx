import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { notFound } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import { afterResponse, stopLeadClock } from '../tasks/timers';
import { LeadPage } from '../../views/leads/lead';
import { firstTouch } from './first-touch';
import { firstTouchInput, leadIdParam } from './lead-input';
import { getLead } from './queries';
import { leadConversionView } from './conversion-view';

/** The buttons on the lead page bring the rep back to it; the inbox's back to the inbox. */
const firstTouchFromPage = firstTouchInput.extend({ back: z.enum(['lead']).optional() });

export const leadPages = new Hono<AppEnv>()
  // One lead, for anyone whose lead scope holds it (escalations and notifications link here).
  .get('/:id', validate('param', leadIdParam), async (c) => {
    const lead = await getLead(c.var.db, currentUser(c), c.req.valid('param').id);
    if (!lead) throw notFound();
    const conversion = await leadConversionView(c, lead);
    return c.render(
      <LeadPage lead={lead} touched={c.req.query('touched') === '1'} conversion={conversion} />,
    );
  })
  // The inbox's and the lead page's "Called / Visited / Messaged" buttons.
  .post(
    '/:id/first-touch',
    requireCapability('workAsRep'),
    validate('param', leadIdParam),
    validate('form', firstTouchFromPage),
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
      return c.redirect(
        c.req.valid('form').back === 'lead'
          ? `/leads/${encodeURIComponent(lead.id)}?touched=1`
          : '/rep/inbox?touched=1',
        303,
      );
    },
  );
