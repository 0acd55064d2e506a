import { z } from 'zod';
import { LOCALES } from '../platform/db/schema';
import { SILENT_AFTER_DAYS } from '../reminders/rules';

/** Whether the runtime knows this IANA time zone (e.g. `Asia/Shanghai`); offsets and abbreviations are refused. */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/.test(zone) && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Working hours are a same-day span: the day starts before it ends. */
export function workingHoursValid(start: string | null, end: string | null): boolean {
  if (start === null || end === null) return start === end;
  return start < end;
}

const optionalClock = z
  .string()
  .trim()
  .transform((value) => value || null)
  .refine((value) => value === null || clock.test(value), 'regions.clockInvalid');

const silentDaysInvalid = 'regions.silentAfterDaysInvalid';
/** Days without contact before the owner hears of a customer; empty is the default (docs/rules.md#silent-customers). */
const silentAfterDays = z.preprocess(
  (value) =>
    value === undefined || (typeof value === 'string' && value.trim() === '')
      ? SILENT_AFTER_DAYS
      : value,
  z.coerce
    .number({ message: silentDaysInvalid })
    .int(silentDaysInvalid)
    .min(1, silentDaysInvalid)
    .max(365, silentDaysInvalid),
);

/** A region as typed in the admin form; messages are catalogue keys. */
export const regionForm = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9-]{1,16}$/, 'regions.codeInvalid'),
    name: z.string().trim().min(1, 'org.required').max(100),
    nameZh: z.string().trim().min(1, 'org.required').max(100),
    timeZone: z.string().trim().refine(isTimeZone, 'regions.timeZoneInvalid'),
    workStart: optionalClock,
    workEnd: optionalClock,
    defaultLocale: z.enum(['', ...LOCALES]).transform((value) => (value === '' ? null : value)),
    silentAfterDays,
  })
  .refine((form) => workingHoursValid(form.workStart, form.workEnd), {
    message: 'regions.hoursInvalid',
    path: ['workEnd'],
  });
export type RegionInput = z.infer<typeof regionForm>;

// An empty field is missing, not 0 (z.coerce would read '' as 0, a point off Africa's coast).
const coordinate = (limit: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce
      .number({ message: 'cities.positionInvalid' })
      .refine(
        (value) => Number.isFinite(value) && Math.abs(value) <= limit,
        'cities.positionInvalid',
      ),
  );

export const cityForm = z.object({
  regionId: z.string().min(1, 'org.required'),
  name: z.string().trim().min(1, 'org.required').max(100),
  nameZh: z.string().trim().min(1, 'org.required').max(100),
  lat: coordinate(90),
  lng: coordinate(180),
});
export type CityInput = z.infer<typeof cityForm>;
