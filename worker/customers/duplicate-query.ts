import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { cities, customers } from '../platform/db/schema';
import { aliased } from '../platform/db/aliased';
import { inScope } from '../platform/access/scope';
import type { Viewer } from '../platform/access/policy';
import {
  emailKey,
  nameKey,
  phoneTail,
  possibleDuplicates,
  type CustomerIdentity,
} from './duplicates';

/** Digits of the stored phone, as `phoneDigits` sees them (separators people type removed). */
const storedPhoneDigits = sql`replace(replace(replace(replace(replace(replace(${customers.phone}, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', '')`;
const storedNameKey = sql`lower(replace(replace(${customers.name}, ' ', ''), '　', ''))`;

/**
 * Customers the viewer may read that look like `entered` (archived ones too, marked), at most 10.
 * SQL narrows by phone tail, email and name in the city; `possibleDuplicates` decides.
 */
export async function findPossibleDuplicates(
  db: Database,
  viewer: Viewer,
  entered: CustomerIdentity,
  exceptId?: string,
) {
  const tail = phoneTail(entered.phone);
  const email = emailKey(entered.email);
  const name = nameKey(entered.name);
  const matches: SQL[] = [];
  if (tail) matches.push(sql`${storedPhoneDigits} like ${`%${tail}`}`);
  if (email) matches.push(sql`lower(${customers.email}) = ${email}`);
  if (name && entered.cityId)
    matches.push(and(eq(customers.cityId, entered.cityId), sql`${storedNameKey} = ${name}`)!);
  if (matches.length === 0) return [];
  const rows = await db
    .select({
      id: customers.id,
      name: customers.name,
      phone: customers.phone,
      email: customers.email,
      cityId: customers.cityId,
      archivedAt: customers.archivedAt,
      cityName: aliased(cities.name, 'city_name'),
      cityNameZh: aliased(cities.nameZh, 'city_name_zh'),
    })
    .from(customers)
    .innerJoin(cities, eq(cities.id, customers.cityId))
    .where(and(inScope(viewer, 'customers'), or(...matches)))
    .limit(20);
  return possibleDuplicates(entered, rows, exceptId).slice(0, 10);
}

export type PossibleDuplicate = Awaited<ReturnType<typeof findPossibleDuplicates>>[number];
