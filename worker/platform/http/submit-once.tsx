/**
 * Admin forms that create something: POST-redirect-GET with an idempotency key. The form carries
 * a key (a hidden field, new on every render); the first submit creates and records where it
 * landed, in the same batch; a replay of the key (a reload, a double tap, a racing twin) creates
 * nothing and lands on the same page. A secret that must be shown once (a new API token, a
 * source's signing secret) waits under the key for the page after the redirect, which deletes it
 * as it reads it. Same table and rules as visits (idempotency_keys).
 */
import { and, eq, gte, lt } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { currentUser } from '../access/guards';
import { idempotencyKeys, oneTimeSecrets } from '../db/schema';
import { idempotencyKeySchema } from '../../visits/visit-input';
import { ErrorPage } from '../../../views/platform/error-page';
import { HttpError } from './errors';
import { SUBMISSION_KEY_FIELD } from '../../../views/platform/form-fields';

export { SUBMISSION_KEY_FIELD };
/** Long enough to survive a slow redirect, short enough that a plain secret does not linger. */
const SECRET_TTL_MS = 10 * 60_000;

export type Created = {
  location: string;
  statements: BatchItem<'sqlite'>[];
  secret?: string;
  /** The answer when the batch fails for another reason the form knows (a unique number raced). */
  whenFailed?: (error: unknown) => Response | Promise<Response> | undefined;
};

/**
 * The answer recorded under this user's `key` (the parsed response body), or null for a new key.
 * A key already spent on another route is refused. Shared with `createOnceFromApi`.
 */
export async function earlierAnswer<Answer>(
  c: Context<AppEnv>,
  userId: string,
  key: string,
  route: string,
): Promise<Answer | null> {
  const [row] = await c.var.db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)))
    .limit(1);
  if (!row) return null;
  if (row.route !== route)
    throw new HttpError(
      422,
      'idempotency_key_reused',
      'This idempotency key was already used for another request.',
    );
  return JSON.parse(row.responseBody) as Answer;
}

const earlierLocation = async (c: Context<AppEnv>, userId: string, key: string, route: string) =>
  (await earlierAnswer<{ location: string }>(c, userId, key, route))?.location ?? null;

/**
 * Runs `create` for the first submit of the form's key and redirects (303) to where it says; a
 * replay redirects to where the first submit went. `create` may answer itself (a form error).
 */
export async function submitOnce(
  c: Context<AppEnv>,
  route: string,
  submittedKey: unknown,
  create: (key: string) => Promise<Created | Response>,
): Promise<Response> {
  const userId = currentUser(c).id;
  const key = idempotencyKeySchema.safeParse(submittedKey);
  if (!key.success) {
    c.status(400);
    return c.render(<ErrorPage message={c.var.t('error.submissionKey')} />);
  }
  const earlier = await earlierLocation(c, userId, key.data, route);
  if (earlier) return c.redirect(earlier, 303);
  const created = await create(key.data);
  if (created instanceof Response) return created;
  const now = Date.now();
  const record = c.var.db.insert(idempotencyKeys).values({
    userId,
    key: key.data,
    route,
    statusCode: 303,
    responseBody: JSON.stringify({ location: created.location }),
    createdAt: now,
  });
  const secret =
    created.secret === undefined
      ? []
      : [
          c.var.db.insert(oneTimeSecrets).values({
            userId,
            key: key.data,
            secret: created.secret,
            expiresAt: now + SECRET_TTL_MS,
          }),
        ];
  try {
    // The key row goes first: a racing twin fails on it and the whole batch rolls back.
    await c.var.db.batch([record, ...secret, ...created.statements]);
  } catch (error) {
    const raced = await earlierLocation(c, userId, key.data, route);
    if (raced) return c.redirect(raced, 303);
    const answer = created.whenFailed?.(error);
    if (answer) return answer;
    throw error;
  }
  return c.redirect(created.location, 303);
}

/** The secret stashed by this user's submit `key`, deleted as it is read; null once shown or expired. */
export async function takeOneTimeSecret(
  c: Context<AppEnv>,
  key: string | undefined,
): Promise<string | null> {
  if (!key) return null;
  const userId = currentUser(c).id;
  const now = Date.now();
  const [, taken] = await c.var.db.batch([
    c.var.db.delete(oneTimeSecrets).where(lt(oneTimeSecrets.expiresAt, now)),
    c.var.db
      .delete(oneTimeSecrets)
      .where(
        and(
          eq(oneTimeSecrets.userId, userId),
          eq(oneTimeSecrets.key, key),
          gte(oneTimeSecrets.expiresAt, now),
        ),
      )
      .returning({ secret: oneTimeSecrets.secret }),
  ]);
  return taken[0]?.secret ?? null;
}
