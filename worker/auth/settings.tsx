import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { loginThrottle, users, LOCALES } from '../platform/db/schema';
import { currentUser, requireUser } from '../platform/access/guards';
import { recordChange } from '../platform/audit/record-change';
import { fieldErrors, newPasswordFields, samePassword } from './account-input';
import { endOtherSessions } from './account-tokens';
import { hashPassword, verifyPassword } from './password';
import { reserveAttempt } from './sign-in';
import { ACCOUNT_POLICY, attemptRefusedForMs } from './throttle-policy';
import { SettingsPage } from '../../views/auth/settings-page';
import { readForm, safeRedirectPath } from '../platform/http/request';
import { validate } from '../platform/http/validate';
import { LOCALE_COOKIE } from '../platform/middleware/locale';
import { forgetSessionsOf } from './session-cache';

const localeForm = z.object({ locale: z.enum(LOCALES), next: z.string().optional() });

const passwordForm = z
  .object({ current: z.string().min(1, 'settings.currentWrong').max(1024), ...newPasswordFields })
  .refine(samePassword, { message: 'password.mismatch', path: ['passwordConfirm'] });

/**
 * Every user's settings: their language and their password. Changing the password needs the
 * current one (attempts are throttled like sign-ins) and ends the user's other sessions.
 */
export const settingsRoutes = new Hono<AppEnv>()
  .get('/settings', requireUser, (c) =>
    c.render(<SettingsPage changed={c.req.query('changed') === '1'} />),
  )
  .post('/settings/password', requireUser, async (c) => {
    const user = currentUser(c);
    const db = c.var.db;
    const form = passwordForm.safeParse(await readForm(c));
    if (!form.success) {
      c.status(400);
      return c.render(<SettingsPage errors={fieldErrors(form.error.issues)} />);
    }
    const now = Date.now();
    const [[stored], [reserved]] = await db.batch([
      db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id)),
      reserveAttempt(db, `password:${user.id}`, now, ACCOUNT_POLICY),
    ]);
    const retryAfterMs = attemptRefusedForMs(reserved!, now, ACCOUNT_POLICY);
    if (retryAfterMs > 0) {
      c.status(429);
      return c.render(
        <SettingsPage
          message={c.var.t('login.throttled', { minutes: Math.ceil(retryAfterMs / 60_000) })}
        />,
      );
    }
    if (!stored || !(await verifyPassword(form.data.current, stored.passwordHash))) {
      c.status(400);
      return c.render(<SettingsPage errors={{ current: 'settings.currentWrong' }} />);
    }
    const session = c.var.authentication;
    await db.batch([
      db
        .update(users)
        .set({ passwordHash: await hashPassword(form.data.password) })
        .where(eq(users.id, user.id)),
      endOtherSessions(db, user.id, session?.method === 'session' ? session.sessionId : ''),
      db.delete(loginThrottle).where(eq(loginThrottle.key, `password:${user.id}`)),
      recordChange(db, {
        actorId: user.id,
        action: 'user.password_changed',
        subjectType: 'user',
        subjectId: user.id,
        customerId: null,
        now,
      }),
    ]);
    return c.redirect('/settings?changed=1', 303);
  })
  // The language switch in every page header: saved on the user, or in a cookie when signed out.
  .post('/settings/locale', validate('form', localeForm), async (c) => {
    const { locale, next } = c.req.valid('form');
    const user = c.var.user;
    if (user) {
      await c.var.db.update(users).set({ locale }).where(eq(users.id, user.id));
      forgetSessionsOf(user.id);
    } else
      setCookie(c, LOCALE_COOKIE, locale, { path: '/', sameSite: 'Lax', maxAge: 365 * 24 * 3600 });
    return c.redirect(safeRedirectPath(next) ?? '/', 303);
  });
