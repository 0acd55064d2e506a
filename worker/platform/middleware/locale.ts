import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { isLocale, negotiateLocale, translator } from '../i18n';

/** Signed-out visitors who pick a language keep it in this cookie until they sign in. */
export const LOCALE_COOKIE = 'fw_lang';

export const resolveLocale = createMiddleware<AppEnv>(async (c, next) => {
  const cookie = getCookie(c, LOCALE_COOKIE);
  const chosen = c.var.user?.locale ?? (isLocale(cookie) ? cookie : null);
  const locale = negotiateLocale(chosen, c.req.header('accept-language'));
  c.set('locale', locale);
  c.set('t', translator(locale));
  c.header('Content-Language', locale);
  c.header('Vary', 'Accept-Language, Cookie', { append: true });
  await next();
});
