import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client';
import { auditLog, loginThrottle, sessions, users } from '../db/schema';
import { DECOY_PASSWORD_HASH, verifyPassword } from './password';
import { prepareSession, type StartedSession } from './sessions';
import { ACCOUNT_POLICY, ADDRESS_POLICY, lockRemainingMs, recordFailure, type ThrottleState } from './throttle-policy';

export type SignInResult =
  | { outcome: 'signed_in'; userId: string; role: (typeof users.$inferSelect)['role']; session: StartedSession }
  | { outcome: 'invalid' }
  | { outcome: 'throttled'; retryAfterMs: number };

type SignInInput = { email: string; password: string; ip: string | null; userAgent: string | null; now: number; sessionTtlMs: number };

/**
 * Checks the password (timing is the same for unknown accounts), throttles repeated failures per
 * account and per address, and on success writes the session, the reset and the audit entry in
 * one batch.
 */
export async function signIn(db: Database, input: SignInInput): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const accountKey = `account:${email}`;
  const addressKey = `ip:${input.ip ?? 'unknown'}`;

  const [userRows, throttleRows] = await db.batch([
    db.select().from(users).where(eq(users.email, email)).limit(1),
    db.select().from(loginThrottle).where(inArray(loginThrottle.key, [accountKey, addressKey])),
  ]);
  const throttle = new Map<string, ThrottleState>(throttleRows.map((row) => [row.key, row]));
  const retryAfterMs = Math.max(
    lockRemainingMs(throttle.get(accountKey), input.now),
    lockRemainingMs(throttle.get(addressKey), input.now),
  );
  if (retryAfterMs > 0) return { outcome: 'throttled', retryAfterMs };

  const user = userRows[0];
  const passwordMatches = await verifyPassword(input.password, user?.passwordHash ?? DECOY_PASSWORD_HASH);
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
    const failures = [
      { key: accountKey, ...recordFailure(throttle.get(accountKey), input.now, ACCOUNT_POLICY) },
      { key: addressKey, ...recordFailure(throttle.get(addressKey), input.now, ADDRESS_POLICY) },
    ];
    await db.batch([
      audit('login.failed', { email }),
      ...failures.map((state) =>
        db.insert(loginThrottle).values(state).onConflictDoUpdate({
          target: loginThrottle.key,
          set: { failures: state.failures, windowStartedAt: state.windowStartedAt, lockedUntil: state.lockedUntil },
        }),
      ),
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
  // Address failures are not reset: an attacker's own valid account must not clear the counter.
  await db.batch([db.insert(sessions).values(row), db.delete(loginThrottle).where(eq(loginThrottle.key, accountKey)), audit('login.succeeded')]);
  return { outcome: 'signed_in', userId: user.id, role: user.role, session: started };
}
