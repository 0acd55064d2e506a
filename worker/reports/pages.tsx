import { and, desc, eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { can } from '../platform/access/policy';
import { regionsInScope } from '../platform/access/scope';
import { regions, reports } from '../platform/db/schema';
import { notFound } from '../platform/http/errors';
import { servePrivateFile } from '../platform/http/files';
import { validate } from '../platform/http/validate';
import { ReportsPage } from '../../views/reports/reports';

// Reports exist only for those who watch a region: for everyone else there is nothing here.
const watchersOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (!can(currentUser(c), 'watchRegionWall')) throw notFound();
  return next();
});

/** `/reports`: the archive of nightly reports (a manager's region, every region for the director); `/reports/:id` opens one from R2. */
export const reportRoutes = new Hono<AppEnv>()
  .use(watchersOnly)
  .get('/', async (c) => {
    const rows = await c.var.db
      .select({
        id: reports.id,
        periodDay: reports.periodDay,
        regionName: regions.name,
        regionNameZh: regions.nameZh,
        summary: reports.summary,
      })
      .from(reports)
      .innerJoin(regions, eq(regions.id, reports.regionId))
      .where(
        and(eq(reports.kind, 'nightly'), regionsInScope(currentUser(c), 'tasks', reports.regionId)),
      )
      .orderBy(desc(reports.periodDay), regions.name)
      .limit(200);
    return c.render(<ReportsPage reports={rows} />);
  })
  .get('/:id', validate('param', z.object({ id: z.string().min(1).max(64) })), async (c) => {
    const [report] = await c.var.db
      .select({ fileKey: reports.fileKey })
      .from(reports)
      .where(
        and(
          eq(reports.id, c.req.valid('param').id),
          regionsInScope(currentUser(c), 'tasks', reports.regionId),
        ),
      )
      .limit(1);
    if (!report?.fileKey) throw notFound();
    return servePrivateFile(c, report.fileKey);
  });
