import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { HttpError, notFound } from '../platform/http/errors';
import { isHtmx } from '../platform/http/request';
import { validate } from '../platform/http/validate';
import { CustomerTimelinePage, TimelineEntries } from '../../views/customers/timeline';
import { customerIdParam } from './customer-input';
import { getCustomerTimeline } from './queries';
import { decodeTimelineCursor } from './timeline-page';

/** Older pages of a customer's timeline: rows for htmx's "older", a page of its own without JS. */
export const timelinePages = new Hono<AppEnv>().get(
  '/:id/timeline',
  requireCapability('browseCustomers'),
  validate('param', customerIdParam),
  validate('query', z.object({ before: z.string().max(120) })),
  async (c) => {
    const before = decodeTimelineCursor(c.req.valid('query').before);
    if (!before)
      throw new HttpError(400, 'invalid_cursor', 'Unknown page position; open the customer again.');
    const customer = await getCustomerTimeline(
      c.var.db,
      currentUser(c),
      c.req.valid('param').id,
      before,
    );
    if (!customer) throw notFound();
    if (isHtmx(c) && c.req.header('hx-history-restore-request') !== 'true')
      return c.render(
        <TimelineEntries
          customerId={customer.id}
          page={customer.timeline}
          timeZone={customer.timeZone}
        />,
      );
    return c.render(<CustomerTimelinePage customer={customer} />);
  },
);
