import type { Locale } from './db/schema';
import type { Database } from './db/client';
import type { RideAlong } from './db/ride-along';
import type { Translate } from './i18n';
import type { Viewer } from './access/policy';
import type { SessionCheck } from '../auth/session-check';

/** Headquarters' zone, for users without a region (director, admin). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export type SignedInUser = Viewer & {
  name: string;
  email: string;
  locale: Locale | null;
  timeZone: string;
  regionName: string | null;
  regionNameZh: string | null;
  /** Inbox notifications not read yet, shown in every page's header. */
  unreadNotifications: number;
};

/** How the caller proved who they are: a browser session (needs CSRF checks) or a bearer token. */
export type Authentication =
  | { method: 'session'; sessionId: string; csrfToken: string }
  | { method: 'token'; tokenId: string };

export type AppEnv = {
  Bindings: Env;
  Variables: {
    db: Database;
    /** A read that travels in the request's next D1 batch (the cached session's check). */
    rideAlong: RideAlong;
    user: SignedInUser | null;
    authentication: Authentication | null;
    /** True while `user.unreadNotifications` is still to be read (the session came from the cache). */
    unreadCountPending: boolean;
    /** Whether a session served from the isolate's cache has been confirmed live in D1 yet. */
    sessionCheck: SessionCheck;
    locale: Locale;
    t: Translate;
  };
};
