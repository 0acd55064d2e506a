/**
 * `/manager` (a manager's region, rows = cities) and `/director` (every region, rows = regions):
 * the heatmap, drilled region → city → rep with `?region=&city=`; `…/heatmap?…` answers the grid
 * alone for htmx, `?format=csv` the grid as CSV. Scope comes from the access policy: a region or
 * city out of reach is 404.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import type { Translate } from '../platform/i18n';
import { can, mayReachRegion } from '../platform/access/policy';
import { regionsInScope } from '../platform/access/scope';
import { cities, regions, users } from '../platform/db/schema';
import { notFound } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import { localDay } from '../platform/time/zones';
import { CSV_BOM, csvRow } from '../exports/csv';
import { pioneersOf, pointsByRep } from '../points/leaderboard';
import { periodRange } from '../points/rules';
import {
  cellText,
  HeatmapFragment,
  HeatmapPage,
  METRIC_LABELS,
  type HeatmapGrid,
} from '../../views/analytics/heatmap';
import {
  cellBand,
  HEATMAP_METRICS,
  PERIODS,
  periodDays,
  trend,
  type Period,
} from './heatmap-rules';
import { readHeatmap, type HeatmapLevel } from './heatmap';

const heatmapQuery = z.object({
  period: z.enum(PERIODS).catch('this-week'),
  region: z.string().max(64).optional(),
  city: z.string().max(64).optional(),
  format: z.enum(['html', 'csv']).catch('html'),
});
type HeatmapQuery = z.infer<typeof heatmapQuery>;
type Base = '/manager' | '/director';

/** The grid the viewer asked for, within their scope (404 outside it). */
async function loadGrid(c: Context<AppEnv>, base: Base, query: HeatmapQuery) {
  const viewer = currentUser(c);
  const { db, locale, t } = c.var;
  const named = (row: { name: string; nameZh: string }) =>
    locale === 'zh-CN' ? row.nameZh : row.name;
  // The director's top level is every region; otherwise one region (a manager's own by default,
  // the first in scope for a director at /manager).
  const requested = base === '/director' ? query.region : (query.region ?? viewer.regionId);
  const firstRegion = sql<string>`(SELECT ${regions.id} FROM ${regions} ORDER BY ${regions.name} LIMIT 1)`;
  const inRegion =
    base === '/manager' || requested !== undefined
      ? eq(cities.regionId, requested ?? firstRegion)
      : sql`false`;
  // The month's points of a manager's region, for its digital pioneers (the region's own month).
  const month = periodRange('month', Date.now(), viewer.timeZone);
  const pioneerRegion = base === '/manager' ? (requested ?? '') : '';
  // One round trip for the labels: the regions in scope, the chosen region's cities, the city's
  // reps, and the month's points of the manager's region.
  const [regionRows, cityRows, repRows, monthPoints] = await db.batch([
    db
      .select({
        id: regions.id,
        name: regions.name,
        nameZh: regions.nameZh,
        timeZone: regions.timeZone,
      })
      .from(regions)
      .where(regionsInScope(viewer, 'visits', regions.id))
      .orderBy(asc(regions.name)),
    db
      .select({
        id: cities.id,
        regionId: cities.regionId,
        name: cities.name,
        nameZh: cities.nameZh,
      })
      .from(cities)
      .where(inRegion)
      .orderBy(asc(cities.name)),
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.cityId, query.city ?? ''), eq(users.role, 'rep'), eq(users.active, true)))
      .orderBy(asc(users.name)),
    pointsByRep(db, pioneerRegion, month.start, month.end),
  ]);
  const regionId = requested ?? (base === '/manager' ? regionRows[0]?.id : undefined);
  const region = regionId ? regionRows.find((row) => row.id === regionId) : undefined;
  if (regionId !== undefined && (!region || !mayReachRegion(viewer, 'visits', regionId)))
    throw notFound();
  const level: HeatmapLevel = !region ? 'region' : query.city === undefined ? 'city' : 'rep';
  const city =
    query.city === undefined
      ? undefined
      : cityRows.find((row) => row.id === query.city && row.regionId === region?.id);
  if (query.city !== undefined && !city) throw notFound();

  const today = localDay(Date.now(), (region ?? regionRows[0])?.timeZone ?? 'UTC');
  const days = periodDays(query.period, today);
  const cells = await readHeatmap(
    db,
    {
      level,
      regionIds: region ? [region.id] : regionRows.map((row) => row.id),
      ...(city ? { cityId: city.id } : {}),
    },
    days,
    Date.now(),
  );
  const address = (path: string, params: Record<string, string | undefined>) => {
    const search = new URLSearchParams(
      Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ).toString();
    return search ? `${path}?${search}` : path;
  };
  const here = { region: base === '/director' ? region?.id : query.region, city: city?.id };
  const at = (params: { region?: string; city?: string }, period: Period = query.period) =>
    address(base, { ...params, period });
  const rows =
    level === 'region'
      ? regionRows.map((row) => ({ id: row.id, name: named(row), href: at({ region: row.id }) }))
      : level === 'city'
        ? cityRows.map((row) => ({
            id: row.id,
            name: named(row),
            href: at({ region: here.region, city: row.id }),
          }))
        : repRows.map((row) => ({ id: row.id, name: row.name, href: '/customers' }));
  const crumbs = [
    ...(base === '/director' ? [{ label: t('analytics.allRegions'), href: at({}) }] : []),
    ...(region ? [{ label: named(region), href: at({ region: here.region }) }] : []),
    ...(city ? [{ label: named(city), href: at(here) }] : []),
  ];
  const grid: HeatmapGrid = {
    title: crumbs.at(-1)?.label ?? '',
    rowHeading:
      level === 'region'
        ? 'analytics.row.region'
        : level === 'city'
          ? 'analytics.row.city'
          : 'analytics.row.rep',
    metrics: HEATMAP_METRICS,
    periods: PERIODS,
    rows: rows.map((row) => ({
      ...row,
      cells: HEATMAP_METRICS.map((metric) => {
        const { value = null, previous = null } = cells.get(row.id)?.[metric] ?? {};
        return {
          metric,
          value,
          previous,
          band: cellBand(metric, value),
          trend: trend(value, previous),
        };
      }),
    })),
    crumbs,
    period: query.period,
    pagePath: (period, extra) => {
      const path = at(here, period);
      return extra ? `${path}&${extra}` : path;
    },
    fragmentPath: (period) => address(`${base}/heatmap`, { ...here, period }),
    drills: level !== 'rep',
  };
  // The manager's page names the month's digital pioneers of its region.
  const pioneers = base === '/manager' && region ? pioneersOf(monthPoints) : null;
  return { grid, days, pioneers };
}

/** The grid as CSV: the same rows, columns and figures as the page. */
function heatmapCsv(grid: HeatmapGrid, t: Translate) {
  return [
    CSV_BOM,
    csvRow([t(grid.rowHeading), ...HEATMAP_METRICS.map((metric) => t(METRIC_LABELS[metric]))]),
    ...grid.rows.map((row) => csvRow([row.name, ...row.cells.map((cell) => cellText(cell.value))])),
  ].join('');
}

function heatmapRoutes(base: Base, heading: 'analytics.managerTitle' | 'analytics.directorTitle') {
  return new Hono<AppEnv>()
    .use(requireCapability('watchRegionWall'))
    .get('/', validate('query', heatmapQuery), async (c) => {
      const query = c.req.valid('query');
      const { grid, days, pioneers } = await loadGrid(c, base, query);
      if (query.format === 'csv')
        return c.body(heatmapCsv(grid, c.var.t), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="heatmap-${days.from}-${days.to}.csv"`,
        });
      return c.render(<HeatmapPage heading={c.var.t(heading)} grid={grid} pioneers={pioneers} />);
    })
    .get('/heatmap', validate('query', heatmapQuery), async (c) => {
      const { grid } = await loadGrid(c, base, c.req.valid('query'));
      return c.render(<HeatmapFragment grid={grid} />);
    });
}

/** Mounted at /manager, next to the wall (whose sub-app already asks for `watchRegionWall`). */
export const managerAnalyticsPages = heatmapRoutes('/manager', 'analytics.managerTitle');

/** Mounted at /director: for those who see every region only. */
export const directorAnalyticsPages = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (!can(currentUser(c), 'compareRegions')) throw notFound();
    return next();
  })
  .route('/', heatmapRoutes('/director', 'analytics.directorTitle'));
