import { Hono } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { homePathFor } from '../platform/access/policy';
import { OfflinePage } from '../../views/home/offline-page';
import { isLocale, translator } from '../platform/i18n';
import { notFound } from '../platform/http/errors';

/** `/` sends each role to the page it starts its day on; `/offline` is the service worker's fallback. */
export const homeRoutes = new Hono<AppEnv>()
  .get('/', (c) => {
    const user = c.var.user;
    return c.redirect(user ? homePathFor(user.role) : '/login', 303);
  })
  .get('/offline', (c) => c.render(<OfflinePage />))
  // The copies the service worker keeps, one per language: anonymous, so no one's name or token is cached.
  .get('/offline/:locale', (c) => {
    const locale = c.req.param('locale');
    if (!isLocale(locale)) throw notFound();
    c.set('user', null);
    c.set('authentication', null);
    c.set('locale', locale);
    c.set('t', translator(locale));
    return c.render(<OfflinePage />);
  });
