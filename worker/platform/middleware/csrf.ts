import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { constantTimeEqualText } from '../../auth/crypto';
import { HttpError } from '../http/errors';
import { readForm } from '../http/request';
import { CSRF_FIELD } from '../../../views/platform/form-fields';

export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every state-changing request from a browser must come from our own origin (Origin and
 * Sec-Fetch-Site), and one made with a session cookie must also carry the session's CSRF token
 * (form field or header, which htmx sends). Bearer-token calls carry no ambient credential,
 * webhooks are verified by signature and feedback links are signed capabilities, so only the
 * origin rule applies to them.
 */
export const csrfProtection = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  if (c.req.path.startsWith('/webhooks/')) return next();

  const origin = c.req.header('origin');
  const fetchSite = c.req.header('sec-fetch-site');
  const ownOrigin = new URL(c.req.url).origin;
  if ((origin && origin !== ownOrigin) || fetchSite === 'cross-site') {
    throw new HttpError(403, 'cross_origin', 'Cross-site requests are not accepted.');
  }

  const authentication = c.var.authentication;
  // A customer's feedback link carries its own capability (its signed token), and the page has
  // no session token to send even when a signed-in rep opens it to try it: the origin rule only.
  if (authentication?.method === 'session' && !c.req.path.startsWith('/feedback/')) {
    const sent = c.req.header(CSRF_HEADER) ?? (await formField(c, CSRF_FIELD));
    if (!sent || !constantTimeEqualText(sent, authentication.csrfToken)) {
      throw new HttpError(
        403,
        'csrf_failed',
        'The form expired or did not come from Fieldwall. Reload the page and try again.',
      );
    }
  }
  return next();
});

/** The token field of a form body (read once and cached for the route that handles it). */
async function formField(c: Context, name: string): Promise<string | null> {
  const value = (await readForm(c))[name];
  return typeof value === 'string' ? value : null;
}
