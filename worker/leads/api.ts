import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { LEAD_STATUSES } from '../platform/db/schema';
import { documented } from '../platform/http/api-doc';
import { HttpError } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import { afterResponse, stopLeadClock } from '../tasks/timers';
import { firstTouch } from './first-touch';
import { LEAD_TAB_NAMES, statusesOfTab } from './lead-tabs';
import { decodeLeadCursor, listLeads } from './queries';
import { firstTouchInput, leadIdParam } from './lead-input';

const leadListQuery = z.object({
  status: z.enum(LEAD_STATUSES).optional(),
  /** A tab of the leads page: `open` is new, contacted and qualified together. */
  tab: z.enum(LEAD_TAB_NAMES).optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const leadApi = new Hono<AppEnv>()
  .get(
    '/',
    documented({
      summary:
        "Leads in the caller's scope, newest first, with source, priority, assignee and touches",
      query: leadListQuery,
      responses: { '200': { description: '`{ items, nextCursor }`' } },
    }),
    validate('query', leadListQuery),
    async (c) => {
      const { status, tab, cursor, limit } = c.req.valid('query');
      const before = cursor ? decodeLeadCursor(cursor) : null;
      if (cursor && !before)
        throw new HttpError(
          400,
          'invalid_cursor',
          'Unknown cursor; start again from the first page.',
        );
      const statuses = tab ? statusesOfTab(tab) : undefined;
      return c.json(await listLeads(c.var.db, currentUser(c), { status, statuses, before, limit }));
    },
  )
  .post(
    '/:id/first-touch',
    documented({
      summary:
        "Log the rep's first touch (stops the 24-hour clock; a second call keeps the first time)",
      params: leadIdParam,
      body: { json: firstTouchInput },
      responses: { '200': { description: 'The lead' } },
    }),
    requireCapability('workAsRep'),
    validate('param', leadIdParam),
    validate('json', firstTouchInput),
    async (c) => {
      const lead = await firstTouch(
        c.var.db,
        currentUser(c),
        c.req.valid('param').id,
        c.req.valid('json').channel,
        Date.now(),
      );
      if (lead.justTouched)
        afterResponse(c.executionCtx, stopLeadClock(c.env, lead.regionId, lead.id));
      return c.json(lead);
    },
  );
