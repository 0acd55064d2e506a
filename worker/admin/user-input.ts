import { z } from 'zod';
import { CHAT_APPS, LOCALES, ROLES, type ChatIds, type Role } from '../platform/db/schema';

/** Roles whose work belongs to a region, and the one that also works from a city. */
const REGIONAL_ROLES: readonly Role[] = ['rep', 'manager', 'business', 'legal'];

/**
 * Where a user may sit: reps need a city (their book and visits are per city), the other regional
 * roles a region, and a city must lie in the chosen region. Returns field → catalogue key.
 */
export function placementErrors(input: {
  role: Role;
  regionId: string | null;
  cityId: string | null;
  cityRegionId: string | null;
}): Record<string, 'users.regionRequired' | 'users.cityRequired' | 'users.cityOutsideRegion'> {
  if (REGIONAL_ROLES.includes(input.role) && !input.regionId)
    return { regionId: 'users.regionRequired' };
  if (input.role === 'rep' && !input.cityId) return { cityId: 'users.cityRequired' };
  if (input.cityId && input.cityRegionId !== input.regionId)
    return { cityId: 'users.cityOutsideRegion' };
  return {};
}

const blankIsNull = z
  .string()
  .trim()
  .max(200)
  .transform((value) => value || null);

export const userForm = z.object({
  name: z.string().trim().min(1, 'org.required').max(200),
  email: z.string().trim().toLowerCase().email('setup.emailInvalid').max(254),
  phone: blankIsNull,
  role: z.enum(ROLES, { message: 'org.required' }),
  regionId: blankIsNull,
  cityId: blankIsNull,
  managerId: blankIsNull,
  locale: z.enum(['', ...LOCALES]).transform((value) => (value === '' ? null : value)),
  slack: blankIsNull,
  feishu: blankIsNull,
  dingtalk: blankIsNull,
  wecom: blankIsNull,
});
export type UserInput = z.infer<typeof userForm>;

/** The chat ids typed in the form, only those given; null when none. */
function chatIdsOf(input: Partial<Record<(typeof CHAT_APPS)[number], string | null>>) {
  const ids: ChatIds = {};
  for (const app of CHAT_APPS) if (input[app]) ids[app] = input[app]!;
  return Object.keys(ids).length ? ids : null;
}

/** The user row's fields from the form (chat ids gathered into one column). */
export function userFields(input: UserInput) {
  const { slack, feishu, dingtalk, wecom, ...rest } = input;
  return { ...rest, chatIds: chatIdsOf({ slack, feishu, dingtalk, wecom }) };
}

export const USERS_PAGE_SIZE = 50;
export const userFilters = z.object({
  region: z.string().optional(),
  role: z.enum(ROLES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
