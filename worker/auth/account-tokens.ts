import { and, eq, gt, inArray, isNull, ne } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { accountTokens, sessions, users } from '../platform/db/schema';
import { inboxAndRoutes } from '../notifications/routing';
import { randomToken, sha256Hex } from './crypto';
import {
  ACCOUNT_TOKEN_TTL_MS,
  accountTokenPath,
  accountTokenUsable,
  type AccountTokenPurpose,
} from './account-rules';
import { forgetSessionsOf } from './session-cache';

/** How the user is told of a new link (the title stored in English, the keys for their language). */
const LINK_MESSAGE = {
  invite: {
    title: 'Your Fieldwall invitation',
    titleKey: 'account.invite.title',
    bodyKey: 'account.invite.body',
  },
  reset: {
    title: 'Reset your password',
    titleKey: 'account.reset.title',
    bodyKey: 'account.reset.body',
  },
} as const satisfies Record<
  AccountTokenPurpose,
  { title: string; titleKey: string; bodyKey: string }
>;

/**
 * A new one-time link for `userId`: the token (shown once, never stored) and the statements that
 * store its SHA-256, retire the user's earlier unused links of the same purpose and tell the user
 * in-app and through their own chat routes. The caller puts the statements in its batch.
 */
export async function issueAccountToken(
  db: Database,
  input: {
    userId: string;
    purpose: AccountTokenPurpose;
    createdBy: string | null;
    origin: string;
    now: number;
  },
) {
  const token = randomToken();
  const id = await sha256Hex(token);
  const link = input.origin + accountTokenPath(input.purpose, token);
  const message = LINK_MESSAGE[input.purpose];
  return {
    token,
    link,
    statements: [
      db
        .update(accountTokens)
        .set({ usedAt: input.now })
        .where(
          and(
            eq(accountTokens.userId, input.userId),
            eq(accountTokens.purpose, input.purpose),
            isNull(accountTokens.usedAt),
          ),
        ),
      db.insert(accountTokens).values({
        id,
        userId: input.userId,
        purpose: input.purpose,
        createdBy: input.createdBy,
        createdAt: input.now,
        expiresAt: input.now + ACCOUNT_TOKEN_TTL_MS[input.purpose],
      }),
      ...inboxAndRoutes(db, {
        recipientId: input.userId,
        kind: `account.${input.purpose}`,
        ...message,
        body: link,
        messageParams: { link },
        subjectType: 'user',
        subjectId: input.userId,
        dedupeKey: `account:${id}`,
        now: input.now,
        personalOnly: true,
      }),
    ],
  };
}

/** The link's token row and its user when it still works, for the page that sets the password. */
export async function usableAccountToken(
  db: Database,
  purpose: AccountTokenPurpose,
  token: string,
  now: number,
) {
  const [row] = await db
    .select({
      id: accountTokens.id,
      userId: accountTokens.userId,
      usedAt: accountTokens.usedAt,
      expiresAt: accountTokens.expiresAt,
      name: users.name,
      email: users.email,
    })
    .from(accountTokens)
    .innerJoin(users, eq(users.id, accountTokens.userId))
    .where(
      and(
        eq(accountTokens.id, await sha256Hex(token)),
        eq(accountTokens.purpose, purpose),
        eq(users.active, true),
      ),
    )
    .limit(1);
  return row && accountTokenUsable(row, now) ? row : null;
}

/**
 * Spends the link and sets the password in one batch: the link is marked used only if it was
 * still unused and unexpired, and the password changes only with it, so a link works once even
 * when two tabs race. The user's other sessions end (all of them: the caller starts a new one).
 * Returns the user id, or null when the link no longer works.
 */
export async function redeemAccountToken(
  db: Database,
  input: { purpose: AccountTokenPurpose; token: string; passwordHash: string; now: number },
): Promise<string | null> {
  const id = await sha256Hex(input.token);
  const spentNow = db
    .select({ userId: accountTokens.userId })
    .from(accountTokens)
    .where(and(eq(accountTokens.id, id), eq(accountTokens.usedAt, input.now)));
  const [spent] = await db.batch([
    db
      .update(accountTokens)
      .set({ usedAt: input.now })
      .where(
        and(
          eq(accountTokens.id, id),
          eq(accountTokens.purpose, input.purpose),
          isNull(accountTokens.usedAt),
          gt(accountTokens.expiresAt, input.now),
        ),
      )
      .returning({ userId: accountTokens.userId }),
    db
      .update(users)
      .set({ passwordHash: input.passwordHash })
      .where(and(inArray(users.id, spentNow), eq(users.active, true))),
    db.delete(sessions).where(inArray(sessions.userId, spentNow)),
  ]);
  const userId = spent[0]?.userId ?? null;
  if (userId) forgetSessionsOf(userId);
  return userId;
}

/** Ends every session of the user except `keepSessionId` (after a password change). */
export function endOtherSessions(db: Database, userId: string, keepSessionId: string) {
  forgetSessionsOf(userId);
  return db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)));
}
