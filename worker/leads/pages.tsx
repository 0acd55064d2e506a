import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { HttpError, notFound } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import { afterResponse, stopLeadClock } from '../tasks/timers';
import { LeadPage } from '../../views/leads/lead';
import { firstTouch } from './first-touch';
import { firstTouchInput, leadIdParam } from './lead-input';
import { leadConversionView } from './conversion-view';
import { decodeLeadCursor, getLead, listLeads } from './queries';
import { LEAD_TAB_NAMES, statusesOfTab } from './lead-tabs';
import { isHtmx } from '../platform/http/request';
import { LeadListPage, LeadRows } from '../../views/leads/lead-list';

const LEADS_PAGE_SIZE = 20;

const leadListQuery = z.object({
  tab: z.enum(LEAD_TAB_NAMES).default('open'),
  cursor: z.string().max(100).optional(),
});

/** The buttons on the lead page bring the rep back to it; the inbox's back to the inbox. */
const firstTouchFromPage = firstTouchInput.extend({ back: z.enum(['lead']).optional() });

export const leadPages = new Hono<AppEnv>()
  // All the leads in the viewer's scope, by status tab; "more" asks htmx for rows only.
  .get('/', requireCapability('browseLeads'), validate('query', leadListQuery), async (c) => {
    const { tab, cursor } = c.req.valid('query');
    const before = cursor ? decodeLeadCursor(cursor) : null;
    if (cursor && !before)
      throw new HttpError(400, 'invalid_cursor', 'Unknown page position; open the list again.');
    const page = await listLeads(c.var.db, currentUser(c), {
      statuses: statusesOfTab(tab),
      before,
      limit: LEADS_PAGE_SIZE,
    });
    if (isHtmx(c) && c.req.header('hx-history-restore-request') !== 'true')
      return c.render(<LeadRows page={page} tab={tab} />);
    return c.render(<LeadListPage page={page} tab={tab} tabs={LEAD_TAB_NAMES} />);
  })
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
