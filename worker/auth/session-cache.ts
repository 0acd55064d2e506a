/**
 * A per-isolate cache of validated sessions, so a signed-in page spends its one D1 round trip on
 * its own batch instead of on the session lookup.
 *
 * Why a cache rather than putting the session lookup in every page's batch: a page's queries need
 * the caller (scope, time zone, locale) before they can be built, so the lookup cannot share the
 * batch without a round trip of its own. The cache supplies the caller at once, and the check
 * that the session still holds travels inside the page's batch instead.
 *
 * Rules:
 * - An entry lives at most SESSION_CACHE_TTL_MS and never past the session's own `expires_at`.
 * - The cache saves a round trip, never a check: a read (GET/HEAD) served from it confirms the
 *   session is still live and its user active in a statement that rides along in the page's own
 *   batch (session-check.ts), and a revoked session's response is replaced by the sign-in
 *   redirect / 401 and its entry dropped; a write (any other method) never uses the cache and
 *   checks D1 before it runs. So revocation — signing out elsewhere, a deactivated user, an
 *   expiry moved earlier — is refused on the very next request in every isolate (a read served by
 *   a D1 read replica sees it once the replica has caught up, normally within a second).
 * - Signing out, and a change to the user (their language), also drop this isolate's entries at
 *   once, so details shown from the cache are never older than the last change made here.
 * - The header's unread count changes all the time, so it is never cached: pages read it in their
 *   own batch (see notifications/unread-count.ts).
 */
import type { SignedInUser } from '../platform/app-env';

export const SESSION_CACHE_TTL_MS = 30_000;
// Bounds the memory an isolate spends on it; the oldest entry goes first.
const MAX_ENTRIES = 5_000;

export type CachedSession = {
  csrfToken: string;
  /** The session's own expiry: the cache never serves past it. */
  expiresAt: number;
  user: Omit<SignedInUser, 'unreadNotifications'>;
};

type Entry = CachedSession & { cachedUntil: number };

const entries = new Map<string, Entry>();

/** The cached session by its id (the token's hash), or null when missing or stale. */
export function cachedSession(sessionId: string, now: number): CachedSession | null {
  const entry = entries.get(sessionId);
  if (!entry) return null;
  if (now >= entry.cachedUntil || now >= entry.expiresAt) {
    entries.delete(sessionId);
    return null;
  }
  return entry;
}

export function cacheSession(sessionId: string, session: CachedSession, now: number): void {
  if (entries.size >= MAX_ENTRIES) {
    const oldest = entries.keys().next();
    if (!oldest.done) entries.delete(oldest.value);
  }
  entries.set(sessionId, {
    ...session,
    cachedUntil: Math.min(now + SESSION_CACHE_TTL_MS, session.expiresAt),
  });
}

export function forgetSession(sessionId: string): void {
  entries.delete(sessionId);
}

/** Drops every cached session of a user whose details changed, so their next page reads them anew. */
export function forgetSessionsOf(userId: string): void {
  for (const [sessionId, entry] of entries) if (entry.user.id === userId) entries.delete(sessionId);
}

/** What a new isolate starts with; tests use it to stand for "another isolate, after the TTL". */
export function forgetAllSessions(): void {
  entries.clear();
}
