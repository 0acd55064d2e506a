import type { Context } from 'hono';
import { jsxRenderer } from 'hono/jsx-renderer';
import { DEFAULT_TIME_ZONE, type AppEnv, type SignedInUser } from '../app-env';
import type { Locale } from '../db/schema';
import type { Translate } from '../i18n';
import { can, type Capability } from '../access/policy';
import { navigationFor, type NavEntry } from '../access/navigation';
import { ASSET_PATHS } from '../../generated/assets';
import { ensureUnreadCount } from '../../notifications/unread-count';

/** What every page needs to know about the request it renders for (views read it with `usePage()`). */
export type PageFrame = {
  t: Translate;
  locale: Locale;
  user: SignedInUser | null;
  csrfToken: string | null;
  path: string;
  now: number;
  timeZone: string;
  assets: typeof ASSET_PATHS;
  /** The header links this user's capabilities allow, in order. */
  navigation: NavEntry[];
  /** Whether the signed-in user has a capability (always false signed out): the policy's answer. */
  can: (capability: Capability) => boolean;
};

export function pageFrame(c: Context<AppEnv>): PageFrame {
  const authentication = c.var.authentication;
  const user = c.var.user;
  return {
    t: c.var.t,
    locale: c.var.locale,
    user: c.var.user,
    csrfToken: authentication?.method === 'session' ? authentication.csrfToken : null,
    path: c.req.path,
    now: Date.now(),
    timeZone: c.var.user?.timeZone ?? DEFAULT_TIME_ZONE,
    assets: ASSET_PATHS,
    navigation: navigationFor(user),
    can: (capability) => (user ? can(user, capability) : false),
  };
}

/**
 * `c.render(element)` renders a page or an htmx fragment with the request in context. Pages wrap
 * themselves in `<Layout>` (which writes the doctype); fragments are the bare element. Both are
 * per-user, so never cached.
 */
export const pageRenderer = jsxRenderer<AppEnv>(
  async ({ children }, c) => {
    c.header('Cache-Control', 'private, no-store');
    // The header shows the unread count; a page whose batch did not read it pays one round trip.
    await ensureUnreadCount(c);
    return <>{children}</>;
  },
  { docType: false },
);
