import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { canSeeCustomerVisits } from '../customers/queries';
import { notFound } from '../platform/http/errors';
import { servePrivateFile } from '../platform/http/files';
import { validate } from '../platform/http/validate';

const photoParams = z.object({ customerId: z.string().min(1).max(64), photoId: z.uuid() });

/** Visit photos from R2, only for users whose scope includes the photo's customer. */
export const photoRoutes = new Hono<AppEnv>().get(
  '/:customerId/:photoId',
  validate('param', photoParams),
  async (c) => {
    const { customerId, photoId } = c.req.valid('param');
    if (!(await canSeeCustomerVisits(c.var.db, currentUser(c), customerId))) throw notFound();
    return servePrivateFile(c, `photos/${customerId}/${photoId}`);
  },
);
