import { regions, users } from '../db/schema';
import { aliased } from '../db/aliased';
import { DEFAULT_TIME_ZONE, type SignedInUser } from '../app-env';

/** The columns a request needs about its caller; selected with `users` left-joined to `regions`. */
export const signedInUserColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  regionId: users.regionId,
  cityId: users.cityId,
  locale: users.locale,
  timeZone: aliased(regions.timeZone, 'region_time_zone'),
  regionName: aliased(regions.name, 'region_name'),
  regionNameZh: aliased(regions.nameZh, 'region_name_zh'),
};

export function toSignedInUser(row: Omit<SignedInUser, 'timeZone'> & { timeZone: string | null }): SignedInUser {
  return { ...row, timeZone: row.timeZone ?? DEFAULT_TIME_ZONE };
}
