import { asc } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { mayReachRegion } from '../platform/access/policy';
import { regionsInScope } from '../platform/access/scope';
import { cities, regions } from '../platform/db/schema';
import { notFound } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import { regionWall } from './wall';
import { localDayStart } from '../platform/time/zones';
import { LiveBoard, RegionWallPage, type LiveBoardView } from '../../views/tasks/region-wall';

const wallQuery = z.object({
  region: z.string().max(64).optional(),
  city: z.string().max(64).optional(),
});

/** Regions the viewer may watch, the one shown in detail, and its board's live tasks. */
async function loadBoard(c: Context<AppEnv>, query: z.output<typeof wallQuery>) {
  const user = currentUser(c);
  const [regionRows, cityRows] = await c.var.db.batch([
    c.var.db
      .select()
      .from(regions)
      .where(regionsInScope(user, 'tasks', regions.id))
      .orderBy(asc(regions.code)),
    c.var.db.select().from(cities).orderBy(asc(cities.name)),
  ]);
  const selected = query.region ? regionRows.find((r) => r.id === query.region) : regionRows[0];
  if (!selected || !mayReachRegion(user, 'tasks', selected.id)) throw notFound();
  const now = Date.now();
  // The board and its counts: one call to the region's object, which reads them in one pass.
  const { tasks, summary } = await regionWall(c.env, selected.id).board(
    now,
    localDayStart(now, selected.timeZone),
  );
  const regionCities = cityRows.filter((city) => city.regionId === selected.id);
  const cityFilter =
    query.city && regionCities.some((city) => city.id === query.city) ? query.city : null;
  const board: LiveBoardView = {
    regionId: selected.id,
    tasks,
    cities: regionCities,
    cityFilter,
    summary,
  };
  return { regionRows, cityRows, selected, board, now };
}

/** `/manager/wall`: counts per city for every region in scope, and the live board of one. */
export const regionWallPages = new Hono<AppEnv>()
  .use(requireCapability('watchRegionWall'))
  .get('/wall', validate('query', wallQuery), async (c) => {
    const wall = await loadBoard(c, c.req.valid('query'));
    // Counts per city for the other regions in scope; the selected one's come with its board.
    const others = await Promise.all(
      wall.regionRows
        .filter((region) => region.id !== wall.selected.id)
        .map(async (region) => ({
          region,
          cities: wall.cityRows.filter((city) => city.regionId === region.id),
          summary: await regionWall(c.env, region.id).summary(
            wall.now,
            localDayStart(wall.now, region.timeZone),
          ),
        })),
    );
    return c.render(<RegionWallPage walls={others} selected={wall.selected} board={wall.board} />);
  })
  // Polled and refreshed on every socket event: the board and its counts per city, one object call.
  .get('/wall/board', validate('query', wallQuery), async (c) => {
    const wall = await loadBoard(c, c.req.valid('query'));
    return c.render(<LiveBoard board={wall.board} />);
  });
