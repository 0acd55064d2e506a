import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { currentUser, requireCapability } from '../access/guards';
import { regionsInScope } from '../access/scope';
import { reports } from '../db/schema';
import { notFound } from '../http/errors';
import { servePrivateFile } from '../http/files';
import { validate } from '../http/validate';

/** `/reports/:id`: a nightly report's file from R2, for whoever may watch its region. */
export const reportRoutes = new Hono<AppEnv>()
  .use(requireCapability('watchRegionWall'))
  .get('/:id', validate('param', z.object({ id: z.string().min(1).max(64) })), async (c) => {
    const [report] = await c.var.db
      .select({ fileKey: reports.fileKey })
      .from(reports)
      .where(and(eq(reports.id, c.req.valid('param').id), regionsInScope(currentUser(c), 'tasks', reports.regionId)))
      .limit(1);
    if (!report?.fileKey) throw notFound();
    return servePrivateFile(c, report.fileKey);
  });
