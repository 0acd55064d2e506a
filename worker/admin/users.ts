import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { cities, regions, ROLES, users, type Role } from '../platform/db/schema';
import { recordChange } from '../platform/audit/record-change';
import { forgetSessionsOf } from '../auth/session-cache';
import { hashPassword } from '../auth/password';
import { randomToken } from '../auth/crypto';
import { listRegions } from './organisation';
import { USERS_PAGE_SIZE, userFields, type UserInput } from './user-input';

export type UserRow = typeof users.$inferSelect;

/**
 * One page of users, filtered by region and role, with whether another page follows, and the
 * regions for the filter: one batch.
 */
export async function listUsers(
  db: Database,
  filters: { region?: string; role?: Role; page: number },
) {
  const where: SQL[] = [];
  if (filters.region) where.push(eq(users.regionId, filters.region));
  if (filters.role) where.push(eq(users.role, filters.role));
  const [rows, regionRows] = await db.batch([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        role: users.role,
        active: users.active,
        // Aliased: in a batch, D1 returns rows by column name, and all three tables have a name.
        regionName: sql<string | null>`${regions.name}`.as('region_name'),
        regionNameZh: sql<string | null>`${regions.nameZh}`.as('region_name_zh'),
        cityName: sql<string | null>`${cities.name}`.as('city_name'),
        cityNameZh: sql<string | null>`${cities.nameZh}`.as('city_name_zh'),
      })
      .from(users)
      .leftJoin(regions, eq(regions.id, users.regionId))
      .leftJoin(cities, eq(cities.id, users.cityId))
      .where(where.length ? and(...where) : undefined)
      .orderBy(asc(users.name), asc(users.id))
      .limit(USERS_PAGE_SIZE + 1)
      .offset((filters.page - 1) * USERS_PAGE_SIZE),
    listRegions(db),
  ]);
  return {
    rows: rows.slice(0, USERS_PAGE_SIZE),
    hasMore: rows.length > USERS_PAGE_SIZE,
    regions: regionRows,
  };
}

/** What the user form offers: regions, cities and the people who can manage others. */
export async function userChoices(db: Database) {
  const [regionRows, cityRows, managers] = await db.batch([
    listRegions(db),
    db.select().from(cities).orderBy(asc(cities.name)),
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(inArray(users.role, ['manager', 'director']), eq(users.active, true)))
      .orderBy(asc(users.name)),
  ]);
  return { regions: regionRows, cities: cityRows, managers, roles: ROLES };
}
export type UserChoices = Awaited<ReturnType<typeof userChoices>>;

export async function userById(db: Database, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

export async function emailTaken(db: Database, email: string, exceptId?: string) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  return Boolean(row && row.id !== exceptId);
}

export async function regionOfCity(db: Database, cityId: string | null) {
  if (!cityId) return null;
  const [row] = await db
    .select({ regionId: cities.regionId })
    .from(cities)
    .where(eq(cities.id, cityId))
    .limit(1);
  return row?.regionId ?? null;
}

/** Audit fields of a user: never the password hash. */
const audited = ({ passwordHash: _secret, createdAt: _at, ...fields }: Partial<UserRow>) => fields;

/**
 * A new user who cannot sign in until they follow their invitation: the stored hash is of a random
 * password nobody knows. Statements for the caller's batch, with the audit entry.
 */
export async function createUserStatements(
  db: Database,
  input: UserInput,
  actorId: string,
  now: number,
) {
  const id = crypto.randomUUID();
  const fields = userFields(input);
  return {
    id,
    statements: [
      db.insert(users).values({
        id,
        ...fields,
        passwordHash: await hashPassword(randomToken(), 1),
        active: true,
        createdAt: now,
      }),
      recordChange(db, {
        actorId,
        action: 'user.created',
        subjectType: 'user',
        subjectId: id,
        customerId: null,
        after: audited(fields),
        now,
      }),
    ],
  };
}

export async function updateUser(
  db: Database,
  before: UserRow,
  input: UserInput,
  actorId: string,
  now: number,
) {
  const fields = userFields(input);
  await db.batch([
    db.update(users).set(fields).where(eq(users.id, before.id)),
    recordChange(db, {
      actorId,
      action: 'user.updated',
      subjectType: 'user',
      subjectId: before.id,
      customerId: null,
      before: audited(before),
      after: audited({ ...before, ...fields }),
      now,
    }),
  ]);
  // Role, region and language ride in cached sessions: the next request reads them afresh.
  forgetSessionsOf(before.id);
}
