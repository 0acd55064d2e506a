import { and, eq, gte, isNull, sql } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { auditLog, loginThrottle, sessions, users } from '../platform/db/schema';
import { DECOY_PASSWORD_HASH, verifyPassword } from './password';
import { prepareSession, type StartedSession } from './sessions';
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  attemptRefusedForMs,
  failureLocks,
  type ThrottlePolicy,
} from './throttle-policy';

export type SignInResult =
  | {
      outcome: 'signed_in';
      userId: string;
      role: (typeof users.$inferSelect)['role'];
      session: StartedSession;
    }
  | { outcome: 'invalid' }
  | { outcome: 'throttled'; retryAfterMs: number };

type SignInInput = {
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  now: number;
  sessionTtlMs: number;
};

/**
 * Counts this attempt against `key` in one statement and returns the count after it: a window
 * that has passed (or a lock that has ended) starts again at 1. Parallel attempts each get their
 * own number, so no more than the limit ever reach the password check.
 */
export function reserveAttempt(db: Database, key: string, now: number, policy: ThrottlePolicy) {
  const startsAgain = sql`(${loginThrottle.lockedUntil} <= ${now} OR (${loginThrottle.lockedUntil} IS NULL AND ${now} - ${loginThrottle.windowStartedAt} >= ${policy.windowMs}))`;
  return db
    .insert(loginThrottle)
    .values({ key, failures: 1, windowStartedAt: now, lockedUntil: null })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: sql`CASE WHEN ${startsAgain} THEN 1 ELSE ${loginThrottle.failures} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${startsAgain} THEN ${now} ELSE ${loginThrottle.windowStartedAt} END`,
        lockedUntil: sql`CASE WHEN ${startsAgain} THEN NULL ELSE ${loginThrottle.lockedUntil} END`,
      },
    })
    .returning({ failures: loginThrottle.failures, lockedUntil: loginThrottle.lockedUntil });
}

/**
 * Reserves the attempt per account and per address before checking the password (timing is the
 * same for unknown accounts); a failure at the limit locks the key. On success the session, the
 * account reset and the audit entry are written in one batch.
 */
export async function signIn(db: Database, input: SignInInput): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const accountKey = `account:${email}`;
  const addressKey = `ip:${input.ip ?? 'unknown'}`;

  const [userRows, [account], [address]] = await db.batch([
    db.select().from(users).where(eq(users.email, email)).limit(1),
    reserveAttempt(db, accountKey, input.now, ACCOUNT_POLICY),
    reserveAttempt(db, addressKey, input.now, ADDRESS_POLICY),
  ]);
  const retryAfterMs = Math.max(
    attemptRefusedForMs(account!, input.now, ACCOUNT_POLICY),
    attemptRefusedForMs(address!, input.now, ADDRESS_POLICY),
  );
  if (retryAfterMs > 0) return { outcome: 'throttled', retryAfterMs };

  const user = userRows[0];
  const passwordMatches = await verifyPassword(
    input.password,
    user?.passwordHash ?? DECOY_PASSWORD_HASH,
  );
  const audit = (action: string, detail?: Record<string, unknown>) =>
    db.insert(auditLog).values({
      id: crypto.randomUUID(),
      actorId: user?.id ?? null,
      action,
      subjectType: 'user',
      subjectId: user?.id ?? null,
      detail: detail ?? null,
      ip: input.ip,
      createdAt: input.now,
    });

  if (!user || !user.active || !passwordMatches) {
    const lock = (key: string, policy: ThrottlePolicy) =>
      db
        .update(loginThrottle)
        .set({ lockedUntil: input.now + policy.lockMs })
        .where(
          and(
            eq(loginThrottle.key, key),
            isNull(loginThrottle.lockedUntil),
            gte(loginThrottle.failures, policy.maxFailures),
          ),
        );
    await db.batch([
      audit('login.failed', { email }),
      ...(failureLocks(account!, ACCOUNT_POLICY) ? [lock(accountKey, ACCOUNT_POLICY)] : []),
      ...(failureLocks(address!, ADDRESS_POLICY) ? [lock(addressKey, ADDRESS_POLICY)] : []),
    ]);
    return { outcome: 'invalid' };
  }

  const { row, started } = await prepareSession({
    userId: user.id,
    ip: input.ip,
    userAgent: input.userAgent,
    now: input.now,
    ttlMs: input.sessionTtlMs,
  });
  // Address failures are not reset (an attacker's own valid account must not clear the counter),
  // but this successful attempt no longer counts against the address: only failures do.
  await db.batch([
    db.insert(sessions).values(row),
    db.delete(loginThrottle).where(eq(loginThrottle.key, accountKey)),
    db
      .update(loginThrottle)
      .set({ failures: sql`max(${loginThrottle.failures} - 1, 0)` })
      .where(eq(loginThrottle.key, addressKey)),
    audit('login.succeeded'),
  ]);
  return { outcome: 'signed_in', userId: user.id, role: user.role, session: started };
}
