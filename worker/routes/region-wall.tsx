import { asc } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { currentUser, requireCapability } from '../access/guards';
import { regionsInScope } from '../access/scope';
import { cities, regions } from '../db/schema';
import { pageFrame, renderHtml } from '../http/render';
import { localDayStart } from '../time/zones';
import { RegionWallPage } from '../../views/region-wall';

/** `/manager/wall`: the live column counts per city, from each region's RegionWall object. */
export const regionWallPages = new Hono<AppEnv>().use(requireCapability('watchRegionWall')).get('/wall', async (c) => {
  const regionFilter = regionsInScope(currentUser(c), 'tasks', regions.id);
  const [regionRows, cityRows] = await c.var.db.batch([
    c.var.db.select().from(regions).where(regionFilter).orderBy(asc(regions.code)),
    c.var.db.select().from(cities).orderBy(asc(cities.name)),
  ]);
  const now = Date.now();
  const walls = await Promise.all(
    regionRows.map(async (region) => {
      const wall = c.env.REGION_WALL.get(c.env.REGION_WALL.idFromName(region.id));
      return {
        region,
        cities: cityRows.filter((city) => city.regionId === region.id),
        summary: await wall.summary(region.id, now, localDayStart(now, region.timeZone)),
      };
    }),
  );
  return renderHtml(c, <RegionWallPage frame={pageFrame(c)} walls={walls} />);
});
