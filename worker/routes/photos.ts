import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { currentUser } from '../access/guards';
import { canSeeCustomer } from '../customers/queries';
import { notFound } from '../http/errors';
import { validate } from '../http/validate';

const photoParams = z.object({ customerId: z.string().min(1).max(64), photoId: z.uuid() });

/** Visit photos from R2, only for users whose scope includes the photo's customer. */
export const photoRoutes = new Hono<AppEnv>().get('/:customerId/:photoId', validate('param', photoParams), async (c) => {
  const { customerId, photoId } = c.req.valid('param');
  if (!(await canSeeCustomer(c.var.db, currentUser(c), customerId))) throw notFound();
  const object = await c.env.FILES.get(`photos/${customerId}/${photoId}`);
  if (!object) throw notFound();
  c.header('Content-Type', object.httpMetadata?.contentType ?? 'application/octet-stream');
  // Private to this browser; the key never changes content, so it can be kept a while.
  c.header('Cache-Control', 'private, max-age=86400');
  c.header('ETag', object.httpEtag);
  return c.body(object.body);
});
