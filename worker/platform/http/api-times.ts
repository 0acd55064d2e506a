/**
 * Times in `/api/v1` answers: ISO 8601 with the caller's region offset (the product's contract,
 * e.g. `2026-11-30T10:00:00.000+08:00`), while the code and D1 work in epoch milliseconds. One
 * place converts every answer's time fields (names ending in `At`), so no endpoint can forget.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { zoneOffsetMs } from '../time/zones';

const TIME_FIELD = /[a-z]At$/;

const twoDigits = (n: number) => String(n).padStart(2, '0');

export function isoWithOffset(at: number, timeZone: string): string {
  const offset = zoneOffsetMs(at, timeZone);
  const local = new Date(at + offset).toISOString().slice(0, 23);
  const minutes = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  return `${local}${sign}${twoDigits(Math.floor(minutes / 60))}:${twoDigits(minutes % 60)}`;
}

/** A copy of `value` with every numeric `…At` field written as an ISO time in `timeZone`. */
export function timesAsIso(value: unknown, timeZone: string): unknown {
  if (Array.isArray(value)) return value.map((item) => timesAsIso(item, timeZone));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([field, item]) => [
      field,
      TIME_FIELD.test(field) && typeof item === 'number'
        ? isoWithOffset(item, timeZone)
        : timesAsIso(item, timeZone),
    ]),
  );
}

export const apiTimes = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const type = c.res.headers.get('content-type') ?? '';
  if (!type.includes('application/json') || c.res.status >= 300) return;
  // The answer is replaced whole, so its body is read once, without a copy.
  const body: unknown = await c.res.json();
  const timeZone = c.var.user?.timeZone ?? 'UTC';
  c.res = new Response(JSON.stringify(timesAsIso(body, timeZone)), c.res);
});
