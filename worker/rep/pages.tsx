import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { markNotificationRead } from '../notifications/inbox';
import { notFound } from '../platform/http/errors';
import { repWallTasks } from '../tasks/wall';
import { RepTaskSections } from '../../views/tasks/tasks';
import { validate } from '../platform/http/validate';
import { repContextFor, repExpiringContracts, repHomeCounts, repInbox, repToday } from './queries';
import { ExpiringContractsPage, InboxPage, RepHomePage, TodayPage } from '../../views/rep/rep';

const repContext = (c: { var: AppEnv['Variables'] }) => repContextFor(currentUser(c));

/** The rep's phone pages: home, Today, expiring contracts, urgent messages. */
export const repPages = new Hono<AppEnv>()
  .use(requireCapability('workAsRep'))
  .get('/', async (c) =>
    c.render(<RepHomePage counts={await repHomeCounts(c.var.db, repContext(c))} />),
  )
  .get('/today', async (c) => {
    const [items, tasks] = await Promise.all([
      repToday(c.var.db, repContext(c)),
      repWallTasks(c.env, currentUser(c)),
    ]);
    const notice = c.req.query('saved') ? c.var.t('task.completed') : undefined;
    return c.render(<TodayPage items={items} tasks={tasks} notice={notice} />);
  })
  .get('/tasks', async (c) => {
    const tasks = await repWallTasks(c.env, currentUser(c));
    return c.render(<RepTaskSections mine={tasks.mine} open={tasks.open} />);
  })
  .get('/contracts', async (c) =>
    c.render(
      <ExpiringContractsPage contracts={await repExpiringContracts(c.var.db, repContext(c))} />,
    ),
  )
  .get('/inbox', async (c) => {
    const notice = c.req.query('touched') ? c.var.t('inbox.touched') : undefined;
    return c.render(<InboxPage inbox={await repInbox(c.var.db, repContext(c))} notice={notice} />);
  })
  .post(
    '/inbox/:id/read',
    validate('param', z.object({ id: z.string().min(1).max(64) })),
    async (c) => {
      if (
        !(await markNotificationRead(
          c.var.db,
          currentUser(c).id,
          c.req.valid('param').id,
          Date.now(),
        ))
      )
        throw notFound();
      return c.redirect('/rep/inbox', 303);
    },
  );
