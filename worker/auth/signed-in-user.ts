import { sql } from 'drizzle-orm';
import { notifications, regions, users } from '../platform/db/schema';
import { aliased } from '../platform/db/aliased';
import { unreadInboxOf } from '../notifications/inbox';
import { DEFAULT_TIME_ZONE, type SignedInUser } from '../platform/app-env';

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
  /** The header's unread count, read with the caller so it costs no extra round trip. */
  unreadNotifications:
    sql<number>`(select count(*) from ${notifications} where ${unreadInboxOf(users.id)})`.mapWith(
      Number,
    ),
};

export function toSignedInUser(
  row: Omit<SignedInUser, 'timeZone'> & { timeZone: string | null },
): SignedInUser {
  return { ...row, timeZone: row.timeZone ?? DEFAULT_TIME_ZONE };
}
