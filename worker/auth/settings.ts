import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { users, LOCALES } from '../platform/db/schema';
import { safeRedirectPath } from '../platform/http/request';
import { validate } from '../platform/http/validate';
import { LOCALE_COOKIE } from '../platform/middleware/locale';
import { forgetSessionsOf } from './session-cache';

const localeForm = z.object({ locale: z.enum(LOCALES), next: z.string().optional() });

/** The language switch in every page header: saved on the user, or in a cookie when signed out. */
export const settingsRoutes = new Hono<AppEnv>().post(
  '/settings/locale',
  validate('form', localeForm),
  async (c) => {
    const { locale, next } = c.req.valid('form');
    const user = c.var.user;
    if (user) {
      await c.var.db.update(users).set({ locale }).where(eq(users.id, user.id));
      forgetSessionsOf(user.id);
    } else
      setCookie(c, LOCALE_COOKIE, locale, { path: '/', sameSite: 'Lax', maxAge: 365 * 24 * 3600 });
    return c.redirect(safeRedirectPath(next) ?? '/', 303);
  },
);
