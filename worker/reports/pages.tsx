import { and, desc, eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { can } from '../platform/access/policy';
import { regionsInScope } from '../platform/access/scope';
import { regions, reports } from '../platform/db/schema';
import { notFound } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import { ReportsPage } from '../../views/reports/reports';
import { DailyReportPage } from '../../views/reports/daily-report';
import { calendarDay, reportInScope } from './report-in-scope';
import { dailyReportCsv } from './report-csv';
import { reportPath } from '../../queues/nightly-report';

const ARCHIVE_PAGE_SIZE = 30;

// Reports exist only for those who watch a region: for everyone else there is nothing here.
const watchersOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (!can(currentUser(c), 'watchRegionWall')) throw notFound();
  return next();
});

/**
 * `/reports`: the archive of daily reports (a manager's region, every region for the director),
 * newest first, a page at a time; `/reports/:region/:date` one report, `.csv` (or `?format=csv`)
 * as CSV; `/reports/:id` (the notification's link) opens the report it names.
 */
export const reportRoutes = new Hono<AppEnv>()
  .use(watchersOnly)
  .get(
    '/',
    validate('query', z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) })),
    async (c) => {
      const { page } = c.req.valid('query');
      const rows = await c.var.db
        .select({
          id: reports.id,
          regionId: reports.regionId,
          periodDay: reports.periodDay,
          regionName: regions.name,
          regionNameZh: regions.nameZh,
          summary: reports.summary,
        })
        .from(reports)
        .innerJoin(regions, eq(regions.id, reports.regionId))
        .where(
          and(
            eq(reports.kind, 'nightly'),
            regionsInScope(currentUser(c), 'tasks', reports.regionId),
          ),
        )
        .orderBy(desc(reports.periodDay), regions.name)
        .limit(ARCHIVE_PAGE_SIZE + 1)
        .offset((page - 1) * ARCHIVE_PAGE_SIZE);
      return c.render(
        <ReportsPage
          reports={rows.slice(0, ARCHIVE_PAGE_SIZE)}
          page={page}
          hasOlder={rows.length > ARCHIVE_PAGE_SIZE}
        />,
      );
    },
  )
  .get('/:id', validate('param', z.object({ id: z.string().min(1).max(64) })), async (c) => {
    const [report] = await c.var.db
      .select({ regionId: reports.regionId, periodDay: reports.periodDay })
      .from(reports)
      .where(
        and(
          eq(reports.id, c.req.valid('param').id),
          regionsInScope(currentUser(c), 'tasks', reports.regionId),
        ),
      )
      .limit(1);
    if (!report) throw notFound();
    return c.redirect(reportPath(report.regionId, report.periodDay));
  })
  .get(
    '/:region/:file',
    validate(
      'param',
      z.object({ region: z.string().min(1).max(64), file: z.string().min(1).max(20) }),
    ),
    async (c) => {
      const { region, file } = c.req.valid('param');
      const [, day, csv] = /^(.*?)(\.csv)?$/.exec(file)!;
      const report = await reportInScope(c, region, calendarDay(day!));
      if (csv || c.req.query('format') === 'csv') {
        const { locale } = c.var;
        const cityName = (id: string) => {
          const city = report.cities.find((one) => one.id === id);
          return city ? (locale === 'zh-CN' ? city.nameZh : city.name) : id;
        };
        return c.body(dailyReportCsv(report, c.var.t, cityName), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="report-${report.region.id}-${report.day}.csv"`,
        });
      }
      return c.render(<DailyReportPage report={report} />);
    },
  );
