import { and, asc, eq, lte, notInArray } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { inScope, scopedById } from '../platform/access/scope';
import { customers, deals } from '../platform/db/schema';
import { notFound } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import { TIMER_KINDS } from '../../durable-objects/region-wall/timer-kinds';
import { StaleDealsPage } from '../../views/deals/deals';

/** A deal is stale (and its owner reminded) once its first stale-deal step has passed. */
const STALE_AFTER = TIMER_KINDS.stale_deal.steps[0]!.after;

/**
 * `/deals/stale`: the caller's open deals without progress, oldest first, each with its customer
 * (where a stale-deal digest links). `/deals/:id`: a deal's place on its customer's page.
 */
export const dealPages = new Hono<AppEnv>()
  .get('/stale', async (c) => {
    const now = Date.now();
    const rows = await c.var.db
      .select({
        id: deals.id,
        name: deals.name,
        stage: deals.stage,
        lastProgressAt: deals.lastProgressAt,
        customerId: customers.id,
        customerName: customers.name,
      })
      .from(deals)
      .innerJoin(customers, eq(customers.id, deals.customerId))
      .where(
        and(
          inScope(currentUser(c), 'deals'),
          notInArray(deals.stage, ['won', 'lost']),
          lte(deals.lastProgressAt, now - STALE_AFTER),
        ),
      )
      .orderBy(asc(deals.lastProgressAt))
      .limit(500);
    return c.render(<StaleDealsPage deals={rows} staleAfter={STALE_AFTER} />);
  })
  .get('/:id', validate('param', z.object({ id: z.string().min(1).max(64) })), async (c) => {
    const [deal] = await c.var.db
      .select({ customerId: deals.customerId })
      .from(deals)
      .where(scopedById(currentUser(c), 'deals', deals.id, c.req.valid('param').id))
      .limit(1);
    if (!deal) throw notFound();
    return c.redirect(`/customers/${deal.customerId}#deal-${c.req.valid('param').id}`, 302);
  });
