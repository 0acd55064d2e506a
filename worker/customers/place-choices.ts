import type { Context } from 'hono';
import { asc } from 'drizzle-orm';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { placeableCities, placeableOwners } from '../platform/access/scope';
import { cities, CUSTOMER_GRADES, users } from '../platform/db/schema';
import { INDUSTRY_VALUES } from './customer-input';

/** The form's choices: cities and (for managers and the director) the reps who may own it. */
export async function placeChoices(c: Context<AppEnv>) {
  const user = currentUser(c);
  const [cityRows, ownerRows] = await c.var.db.batch([
    c.var.db
      .select({ id: cities.id, cityName: cities.name, cityNameZh: cities.nameZh })
      .from(cities)
      .where(placeableCities(user, 'customers'))
      .orderBy(asc(cities.name)),
    c.var.db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(placeableOwners(user, 'customers'))
      .orderBy(asc(users.name)),
  ]);
  return {
    cities: cityRows,
    owners: user.role === 'rep' ? null : ownerRows,
    grades: CUSTOMER_GRADES,
    industries: INDUSTRY_VALUES,
  };
}
