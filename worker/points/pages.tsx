import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { notFound } from '../platform/http/errors';
import { LeaderboardPage, MyPointsPage } from '../../views/points/leaderboard';
import { leaderboard, myPoints } from './leaderboard';
import { LEADERBOARD_PERIODS } from './rules';

const periodQuery = z.object({
  period: z.enum(LEADERBOARD_PERIODS).catch('week'),
  region: z.string().trim().max(64).optional().catch(undefined),
});

/**
 * /leaderboard: a region's reps by points this week or month, each city's own board and the
 * month's "digital pioneers"; /leaderboard/me: the viewer's points, each linked to its record.
 */
export const leaderboardPages = new Hono<AppEnv>()
  .use(requireCapability('seeLeaderboard'))
  .get('/', async (c) => {
    const query = periodQuery.parse(c.req.query());
    const board = await leaderboard(
      c.var.db,
      currentUser(c),
      { period: query.period, regionId: query.region || undefined },
      Date.now(),
    );
    if (!board) throw notFound();
    return c.render(<LeaderboardPage board={board} />);
  })
  .get('/me', async (c) => {
    const { period } = periodQuery.parse(c.req.query());
    return c.render(
      <MyPointsPage mine={await myPoints(c.var.db, currentUser(c), period, Date.now())} />,
    );
  });
