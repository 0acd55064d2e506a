import { Hono } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { notFound } from '../platform/http/errors';
import { readForm } from '../platform/http/request';
import { changeTeamMember, teamOf } from './team';
import { TeamPage } from '../../views/admin/team';

/** /manager/team: a manager's reps (their region only), each movable between the region's cities. */
export const teamPages = new Hono<AppEnv>()
  .get('/', async (c) => c.render(<TeamPage team={await teamOf(c.var.db, currentUser(c))} />))
  .post('/:id', async (c) => {
    const body = await readForm(c);
    const outcome = await changeTeamMember(c.var.db, currentUser(c), {
      repId: c.req.param('id'),
      cityId: typeof body.cityId === 'string' ? body.cityId : '',
      now: Date.now(),
    });
    if (outcome === 'not_found') throw notFound();
    if (outcome === 'city_outside_region') {
      c.status(422);
      return c.render(
        <TeamPage
          team={await teamOf(c.var.db, currentUser(c))}
          error={{ repId: c.req.param('id'), key: 'users.cityOutsideRegion' }}
        />,
      );
    }
    return c.redirect('/manager/team', 303);
  });
