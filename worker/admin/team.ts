import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import type { Viewer } from '../platform/access/policy';
import { inScope, scopedById } from '../platform/access/scope';
import { cities, users } from '../platform/db/schema';
import { recordChange } from '../platform/audit/record-change';
import { forgetSessionsOf } from '../auth/session-cache';

/** The reps the viewer may see (a manager: their region's), with the cities they may move to. */
export async function teamOf(db: Database, viewer: Viewer) {
  const [reps, cityRows] = await db.batch([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        regionId: users.regionId,
        cityId: users.cityId,
        active: users.active,
      })
      .from(users)
      .where(and(eq(users.role, 'rep'), inScope(viewer, 'users')))
      .orderBy(asc(users.name)),
    db
      .select({
        id: cities.id,
        regionId: cities.regionId,
        name: cities.name,
        nameZh: cities.nameZh,
      })
      .from(cities)
      .orderBy(asc(cities.name)),
  ]);
  const regions = new Set(reps.map((rep) => rep.regionId));
  return { reps, cities: cityRows.filter((city) => regions.has(city.regionId)) };
}

/**
 * Moves a rep in scope to a city of the rep's own region. Deactivating is not done here: it hands
 * the rep's open work over first (`/users/:id/deactivate`), which the team page links to.
 */
export async function changeTeamMember(
  db: Database,
  viewer: Viewer,
  input: { repId: string; cityId: string; now: number },
): Promise<'changed' | 'not_found' | 'city_outside_region'> {
  const [[rep], [city]] = await db.batch([
    db
      .select()
      .from(users)
      .where(and(eq(users.role, 'rep'), scopedById(viewer, 'users', users.id, input.repId)))
      .limit(1),
    db
      .select({ regionId: cities.regionId })
      .from(cities)
      .where(eq(cities.id, input.cityId))
      .limit(1),
  ]);
  if (!rep) return 'not_found';
  if (!city || city.regionId !== rep.regionId) return 'city_outside_region';
  await db.batch([
    db.update(users).set({ cityId: input.cityId }).where(eq(users.id, rep.id)),
    recordChange(db, {
      actorId: viewer.id,
      action: 'user.updated',
      subjectType: 'user',
      subjectId: rep.id,
      customerId: null,
      before: { cityId: rep.cityId },
      after: { cityId: input.cityId },
      now: input.now,
    }),
  ]);
  forgetSessionsOf(rep.id);
  return 'changed';
}
