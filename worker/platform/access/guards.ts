import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, SignedInUser } from '../app-env';
import { HttpError } from '../http/errors';
import { wantsJson } from '../http/request';
import { can, type Capability } from './policy';

const SIGN_IN_MESSAGE = 'Sign in or send a bearer token.';

/** Where a browser that is not signed in goes: the sign-in page, back here afterwards (reads only). */
export function signInLocation(c: Context<AppEnv>): string {
  return c.req.method === 'GET'
    ? `/login?next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}`
    : '/login';
}

/**
 * The answer to a caller who is not signed in, built whole: browsers go to the sign-in page, API
 * callers get 401. Used where a page's response is replaced after it ran (a revoked session).
 */
export function signedOutResponse(c: Context<AppEnv>): Response {
  if (wantsJson(c))
    return Response.json(
      { error: { code: 'unauthenticated', message: SIGN_IN_MESSAGE } },
      { status: 401 },
    );
  return new Response(null, { status: 303, headers: { location: signInLocation(c) } });
}

/** Signed-in callers only: browsers go to the sign-in page, API callers get 401. */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.user) return next();
  if (wantsJson(c)) throw new HttpError(401, 'unauthenticated', SIGN_IN_MESSAGE);
  return c.redirect(signInLocation(c), 303);
});

/** Role-gated features (settings, the region wall). Records use scope filters instead. */
export function requireCapability(capability: Capability) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = c.var.user;
    if (!user) throw new HttpError(401, 'unauthenticated', SIGN_IN_MESSAGE);
    if (!can(user, capability))
      throw new HttpError(403, 'forbidden', 'Your role does not have access to this.');
    return next();
  });
}

/** The signed-in user in a handler behind `requireUser`. */
export function currentUser(c: { var: { user: SignedInUser | null } }): SignedInUser {
  if (!c.var.user) throw new HttpError(401, 'unauthenticated', SIGN_IN_MESSAGE);
  return c.var.user;
}
