import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { documented } from '../platform/http/api-doc';
import { HttpError } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import { REASSIGN_MAX_CUSTOMERS, reassignCustomers } from './reassign';

const reassignInput = z.object({
  customerIds: z.array(z.string().min(1).max(64)).min(1).max(REASSIGN_MAX_CUSTOMERS),
  toUserId: z.string().min(1).max(64),
});

/** `POST /api/v1/customers/reassign`: a manager (their region) or the director moves a book. */
export const reassignApi = new Hono<AppEnv>().post(
  '/reassign',
  documented({
    summary:
      "Move customers, with their open deals, leads, contracts, orders and timers, to another rep of the customers' region",
    body: { json: reassignInput },
    responses: {
      '200': {
        description:
          '`{ to, moved, alreadyTheirs, outOfScope }`: ids moved, already owned by the rep (unchanged), and not the caller’s to move (untouched)',
      },
    },
    errors: {
      '403': '`forbidden`: only managers and the director reassign customers',
      '422': '`target_not_rep` or `target_outside_region`: nothing was moved',
    },
  }),
  requireCapability('reassignCustomers'),
  validate('json', reassignInput),
  async (c) => {
    const { customerIds, toUserId } = c.req.valid('json');
    const result = await reassignCustomers(
      c.var.db,
      c.env,
      currentUser(c),
      customerIds,
      toUserId,
      Date.now(),
    );
    if (!result.ok) throw new HttpError(422, result.refusal.code, result.refusal.message);
    const { ok: _ok, ...body } = result;
    return c.json(body);
  },
);
