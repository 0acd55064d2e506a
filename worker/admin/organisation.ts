import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { cities, regions } from '../platform/db/schema';
import { recordChange } from '../platform/audit/record-change';
import type { CityInput, RegionInput } from './organisation-input';

/** Regions and cities for the admin pages: reads and audited writes (one batch each). */
export function listRegions(db: Database) {
  return db.select().from(regions).orderBy(asc(regions.code));
}

export function listCities(db: Database) {
  return db
    .select({
      id: cities.id,
      name: cities.name,
      nameZh: cities.nameZh,
      lat: cities.lat,
      lng: cities.lng,
      regionId: cities.regionId,
      // Aliased: in a batch, D1 returns rows by column name, and cities have a name too.
      regionName: sql<string>`${regions.name}`.as('region_name'),
      regionNameZh: sql<string>`${regions.nameZh}`.as('region_name_zh'),
    })
    .from(cities)
    .innerJoin(regions, eq(regions.id, cities.regionId))
    .orderBy(asc(regions.code), asc(cities.name));
}

export async function regionCodeTaken(db: Database, code: string, exceptId?: string) {
  const [row] = await db
    .select({ id: regions.id })
    .from(regions)
    .where(eq(regions.code, code))
    .limit(1);
  return Boolean(row && row.id !== exceptId);
}

export function createRegionStatements(
  db: Database,
  input: RegionInput,
  actorId: string,
  now: number,
) {
  const id = crypto.randomUUID();
  return {
    id,
    statements: [
      db.insert(regions).values({ id, ...input }),
      recordChange(db, {
        actorId,
        action: 'region.created',
        subjectType: 'region',
        subjectId: id,
        customerId: null,
        after: input,
        now,
      }),
    ],
  };
}

export async function updateRegion(
  db: Database,
  before: typeof regions.$inferSelect,
  input: RegionInput,
  actorId: string,
  now: number,
) {
  const { id: _id, ...was } = before;
  await db.batch([
    db.update(regions).set(input).where(eq(regions.id, before.id)),
    recordChange(db, {
      actorId,
      action: 'region.updated',
      subjectType: 'region',
      subjectId: before.id,
      customerId: null,
      before: was,
      after: input,
      now,
    }),
  ]);
}

export function createCityStatements(db: Database, input: CityInput, actorId: string, now: number) {
  const id = crypto.randomUUID();
  return [
    db.insert(cities).values({ id, ...input }),
    recordChange(db, {
      actorId,
      action: 'city.created',
      subjectType: 'city',
      subjectId: id,
      customerId: null,
      after: input,
      now,
    }),
  ];
}

export async function updateCity(
  db: Database,
  before: typeof cities.$inferSelect,
  input: CityInput,
  actorId: string,
  now: number,
) {
  const { id: _id, ...was } = before;
  await db.batch([
    db.update(cities).set(input).where(eq(cities.id, before.id)),
    recordChange(db, {
      actorId,
      action: 'city.updated',
      subjectType: 'city',
      subjectId: before.id,
      customerId: null,
      before: was,
      after: input,
      now,
    }),
  ]);
}
