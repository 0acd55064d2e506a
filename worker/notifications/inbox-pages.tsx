import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { notFound } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import { inboxNotifications, markNotificationRead } from './inbox';
import { NotificationsPage } from '../../views/notifications/inbox';

/** `/inbox`: the signed-in user's notifications, whatever their role. */
export const inboxPages = new Hono<AppEnv>()
  .get('/', async (c) =>
    c.render(
      <NotificationsPage notifications={await inboxNotifications(c.var.db, currentUser(c).id)} />,
    ),
  )
  .post('/:id/read', validate('param', z.object({ id: z.string().min(1).max(64) })), async (c) => {
    if (
      !(await markNotificationRead(
        c.var.db,
        currentUser(c).id,
        c.req.valid('param').id,
        Date.now(),
      ))
    )
      throw notFound();
    return c.redirect('/inbox', 303);
  });
