/** Reads for the leaderboard: a region's reps by points over a period, and one person's points. */
import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { aliased } from '../platform/db/aliased';
import { cities, pointAwards, regions, users } from '../platform/db/schema';
import { scopeOf, type Viewer } from '../platform/access/policy';
import { listRegions } from '../admin/organisation';
import { PIONEERS, POINT_RULES, periodRange, rankStandings, type LeaderboardPeriod } from './rules';

/**
 * The region whose board the viewer asked for, if the access policy lets them read it: a rep
 * or manager their own region, the director any (the first when none is asked for).
 */
export function boardRegionId(
  viewer: Viewer,
  requested: string | undefined,
  regionIds: string[],
): string | null {
  const scope = scopeOf(viewer, 'points');
  if (scope.kind === 'all') return requested ?? regionIds[0] ?? null;
  if (scope.kind === 'region')
    return !requested || requested === scope.regionId ? scope.regionId : null;
  return null;
}

/** Every active rep of the region with their points in `[start, end)` (none earned: 0). */
export function pointsByRep(db: Database, regionId: string, start: number, end: number) {
  const earned = db
    .select({
      userId: pointAwards.userId,
      points: sql<number>`sum(${pointAwards.points})`.as('points'),
      records: sql<number>`count(*)`.as('records'),
    })
    .from(pointAwards)
    .where(
      and(
        eq(pointAwards.regionId, regionId),
        gte(pointAwards.earnedAt, start),
        lt(pointAwards.earnedAt, end),
      ),
    )
    .groupBy(pointAwards.userId)
    .as('earned');
  return db
    .select({
      id: users.id,
      name: users.name,
      cityId: users.cityId,
      cityName: aliased(cities.name, 'city_name'),
      cityNameZh: aliased(cities.nameZh, 'city_name_zh'),
      points: sql<number>`coalesce(${earned.points}, 0)`,
      records: sql<number>`coalesce(${earned.records}, 0)`,
    })
    .from(users)
    .leftJoin(earned, eq(earned.userId, users.id))
    .leftJoin(cities, eq(cities.id, users.cityId))
    .where(and(eq(users.regionId, regionId), eq(users.role, 'rep'), eq(users.active, true)))
    .orderBy(asc(users.name));
}

/** The month's most active reps (the "digital pioneer" award) from its points; nobody with none. */
export function pioneersOf<Row extends { points: number; name: string }>(monthRows: Row[]) {
  return rankStandings(monthRows)
    .filter((row) => row.points > 0)
    .slice(0, PIONEERS);
}

export async function leaderboard(
  db: Database,
  viewer: Viewer,
  query: { period: LeaderboardPeriod; regionId?: string | undefined },
  at: number,
) {
  const regionRows = await listRegions(db);
  const regionId = boardRegionId(
    viewer,
    query.regionId,
    regionRows.map((region) => region.id),
  );
  const region = regionRows.find((row) => row.id === regionId);
  if (!region) return null;
  const range = periodRange(query.period, at, region.timeZone);
  const month = periodRange('month', at, region.timeZone);
  const [periodRows, monthRows] = await db.batch([
    pointsByRep(db, region.id, range.start, range.end),
    pointsByRep(db, region.id, month.start, month.end),
  ]);
  const standings = rankStandings(periodRows);
  const cityIds = [...new Set(standings.map((row) => row.cityId))];
  return {
    region,
    regions: scopeOf(viewer, 'points').kind === 'all' ? regionRows : [region],
    period: query.period,
    range,
    standings,
    // Each city's own board: the same people, ranked among their city's reps.
    cities: cityIds.map((cityId) => {
      const rows = periodRows.filter((row) => row.cityId === cityId);
      return {
        cityId,
        name: rows[0]?.cityName ?? '',
        nameZh: rows[0]?.cityNameZh ?? '',
        standings: rankStandings(rows),
      };
    }),
    pioneers: pioneersOf(monthRows),
    monthFirstDay: month.firstDay,
    rules: Object.entries(POINT_RULES) as [keyof typeof POINT_RULES, number][],
  };
}

export type LeaderboardData = NonNullable<Awaited<ReturnType<typeof leaderboard>>>;

/** A month of field work rarely earns more; the total always counts them all. */
export const MY_POINTS_SHOWN = 200;

/** The viewer's own points in the period, newest first, each naming the record that earned it. */
export async function myPoints(
  db: Database,
  viewer: Viewer,
  period: LeaderboardPeriod,
  at: number,
) {
  const [region] = viewer.regionId
    ? await db
        .select({ timeZone: regions.timeZone })
        .from(regions)
        .where(eq(regions.id, viewer.regionId))
        .limit(1)
    : [];
  const range = periodRange(period, at, region?.timeZone ?? 'UTC');
  const mine = and(
    eq(pointAwards.userId, viewer.id),
    gte(pointAwards.earnedAt, range.start),
    lt(pointAwards.earnedAt, range.end),
  );
  const [awards, [totals]] = await db.batch([
    db
      .select()
      .from(pointAwards)
      .where(mine)
      .orderBy(desc(pointAwards.earnedAt), asc(pointAwards.id))
      .limit(MY_POINTS_SHOWN),
    db
      .select({
        points: sql<number>`coalesce(sum(${pointAwards.points}), 0)`,
        records: sql<number>`count(*)`,
      })
      .from(pointAwards)
      .where(mine),
  ]);
  return { period, range, awards, total: totals?.points ?? 0, records: totals?.records ?? 0 };
}

export type MyPointsData = Awaited<ReturnType<typeof myPoints>>;
