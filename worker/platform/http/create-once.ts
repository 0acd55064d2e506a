/**
 * `POST /api/v1/<records>`: create once per `Idempotency-Key`. The first request creates and
 * answers 201 with the record; the key row and the record's rows go in one batch, so a racing
 * twin fails on the key and writes nothing. A replay answers 200 with the same body and
 * `Idempotent-Replayed: true`. Same table as the forms (`submit-once.tsx`) and visits.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { currentUser } from '../access/guards';
import { idempotencyKeys } from '../db/schema';
import { idempotencyKeySchema } from '../../visits/visit-input';
import type { HeaderParameter } from './api-doc';
import { HttpError } from './errors';
import { earlierAnswer } from './submit-once';

export type ApiCreated = {
  body: Record<string, unknown>;
  statements: BatchItem<'sqlite'>[];
  /** Called when the batch fails and no twin request won the key: may throw the error to answer. */
  whenFailed?: (error: unknown) => void;
};

/** The header every create endpoint documents. */
export const idempotencyKeyHeader: HeaderParameter = {
  name: 'Idempotency-Key',
  required: true,
  schema: { type: 'string', pattern: '^[\\w.:-]{8,128}$' },
  description:
    'A repeated request with the same key returns the record already created (200, `Idempotent-Replayed: true`).',
};

export async function createOnceFromApi(
  c: Context<AppEnv>,
  route: string,
  create: () => Promise<ApiCreated>,
): Promise<Response> {
  const userId = currentUser(c).id;
  const key = idempotencyKeySchema.safeParse(c.req.header('idempotency-key'));
  if (!key.success)
    throw new HttpError(
      400,
      'idempotency_key_required',
      'Send an Idempotency-Key header (8–128 letters, digits, . _ : -).',
    );
  const replay = async (body: Record<string, unknown>) => {
    c.header('Idempotent-Replayed', 'true');
    return c.json(body, 200);
  };
  const earlier = await earlierAnswer<Record<string, unknown>>(c, userId, key.data, route);
  if (earlier) return replay(earlier);
  const created = await create();
  try {
    await c.var.db.batch([
      c.var.db.insert(idempotencyKeys).values({
        userId,
        key: key.data,
        route,
        statusCode: 201,
        responseBody: JSON.stringify(created.body),
        createdAt: Date.now(),
      }),
      ...created.statements,
    ]);
  } catch (error) {
    const raced = await earlierAnswer<Record<string, unknown>>(c, userId, key.data, route);
    if (raced) return replay(raced);
    created.whenFailed?.(error);
    throw error;
  }
  return c.json(created.body, 201);
}
