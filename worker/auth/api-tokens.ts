import { and, desc, eq, isNull } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { aliased } from '../platform/db/aliased';
import type { Database } from '../platform/db/client';
import { apiTokens, auditLog, regions, users } from '../platform/db/schema';
import type { SignedInUser } from '../platform/app-env';
import { signedInUserColumns, toSignedInUser } from './signed-in-user';
import { randomToken, sha256Hex } from './crypto';

const TOKEN_PREFIX = 'fwk_';
const LAST_USED_RESOLUTION_MS = 60 * 60_000;

/**
 * A new token acting as `userId`: the statements that store its hash (and the audit entry), to
 * run in the caller's batch, and the plain token, which is shown once and never stored.
 */
export async function newApiToken(
  db: Database,
  input: { userId: string; name: string; createdBy: string; ip: string | null; now: number },
): Promise<{ id: string; token: string; statements: [BatchItem<'sqlite'>, BatchItem<'sqlite'>] }> {
  const token = TOKEN_PREFIX + randomToken(32);
  const id = crypto.randomUUID();
  const statements: [BatchItem<'sqlite'>, BatchItem<'sqlite'>] = [
    db.insert(apiTokens).values({
      id,
      userId: input.userId,
      name: input.name,
      tokenHash: await sha256Hex(token),
      displayPrefix: token.slice(0, TOKEN_PREFIX.length + 6),
      createdBy: input.createdBy,
      createdAt: input.now,
    }),
    db.insert(auditLog).values({
      id: crypto.randomUUID(),
      actorId: input.createdBy,
      action: 'api_token.created',
      subjectType: 'api_token',
      subjectId: id,
      detail: { actsAs: input.userId, name: input.name },
      ip: input.ip,
      createdAt: input.now,
    }),
  ];
  return { id, token, statements };
}

export async function revokeApiToken(
  db: Database,
  input: { id: string; revokedBy: string; ip: string | null; now: number },
) {
  const [revoked] = await db.batch([
    db
      .update(apiTokens)
      .set({ revokedAt: input.now })
      .where(and(eq(apiTokens.id, input.id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id }),
    db.insert(auditLog).values({
      id: crypto.randomUUID(),
      actorId: input.revokedBy,
      action: 'api_token.revoked',
      subjectType: 'api_token',
      subjectId: input.id,
      ip: input.ip,
      createdAt: input.now,
    }),
  ]);
  return revoked.length > 0;
}

export async function listApiTokens(db: Database) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      displayPrefix: apiTokens.displayPrefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      email: aliased(users.email, 'user_email'),
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .orderBy(desc(apiTokens.createdAt))
    .limit(200);
}

/** The user a bearer token acts as, or null for an unknown or revoked token or inactive user. */
export async function authenticateApiToken(
  db: Database,
  token: string,
  now: number,
): Promise<{ tokenId: string; user: SignedInUser; lastUsedStale: boolean } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const [row] = await db
    .select({
      tokenId: apiTokens.id,
      lastUsedAt: apiTokens.lastUsedAt,
      ...signedInUserColumns,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(regions, eq(regions.id, users.regionId))
    .where(
      and(
        eq(apiTokens.tokenHash, await sha256Hex(token)),
        isNull(apiTokens.revokedAt),
        eq(users.active, true),
      ),
    )
    .limit(1);
  if (!row) return null;
  const { tokenId, lastUsedAt, ...user } = row;
  return {
    tokenId,
    user: toSignedInUser(user),
    lastUsedStale: !lastUsedAt || now - lastUsedAt > LAST_USED_RESOLUTION_MS,
  };
}

export async function touchApiToken(db: Database, tokenId: string, now: number) {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, tokenId));
}
