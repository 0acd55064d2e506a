import { createMiddleware } from 'hono/factory';
import type { AppEnv, SignedInUser } from '../app-env';
import { HttpError } from '../http/errors';
import { wantsJson } from '../http/request';
import { can, type Capability } from './policy';

/** Signed-in callers only: browsers go to the sign-in page, API callers get 401. */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.user) return next();
  if (wantsJson(c)) throw new HttpError(401, 'unauthenticated', 'Sign in or send a bearer token.');
  const next_ =
    c.req.method === 'GET'
      ? `?next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}`
      : '';
  return c.redirect(`/login${next_}`, 303);
});

/** Role-gated features (settings, the region wall). Records use scope filters instead. */
export function requireCapability(capability: Capability) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = c.var.user;
    if (!user) throw new HttpError(401, 'unauthenticated', 'Sign in or send a bearer token.');
    if (!can(user, capability))
      throw new HttpError(403, 'forbidden', 'Your role does not have access to this.');
    return next();
  });
}

/** The signed-in user in a handler behind `requireUser`. */
export function currentUser(c: { var: { user: SignedInUser | null } }): SignedInUser {
  if (!c.var.user) throw new HttpError(401, 'unauthenticated', 'Sign in or send a bearer token.');
  return c.var.user;
}
