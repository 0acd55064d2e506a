/**
 * What people do to a wall task, shared by the phone pages and `/api/v1/tasks`: each use case
 * checks the caller's scope (404 outside it) and asks the task's region wall, which applies the
 * wall rules. Routes only read input and shape the answer. docs/rules.md#tasks
 */
import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv, SignedInUser } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import type { Database } from '../platform/db/client';
import { users } from '../platform/db/schema';
import { actorOf, regionWall, taskInScope } from './wall';
import { LAG_REASONS, type TaskEvidence } from '../../durable-objects/region-wall/escalation-rules';
import type { WallResult } from '../../durable-objects/region-wall/region-wall';

export type TaskCaller = { env: Env; db: Database; user: SignedInUser };

/** A reassignment to someone who is not an active rep of the task's region. */
export type TaskActionResult = WallResult | { ok: false; code: 'unknown_rep' };

export const taskIdParam = z.object({ id: z.string().min(1).max(128) });

export const completionForm = z.object({
  note: z.string().trim().max(2000).optional(),
  lat: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().min(-90).max(90).optional(),
  ),
  lng: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().min(-180).max(180).optional(),
  ),
  lagReason: z.preprocess((v) => (v === '' ? undefined : v), z.enum(LAG_REASONS).optional()),
  lagNote: z.string().trim().max(500).optional(),
});
type CompletionInput = z.output<typeof completionForm>;

export function taskCaller(c: Context<AppEnv>): TaskCaller {
  return { env: c.env, db: c.var.db, user: currentUser(c) };
}

function taskPhotoKey(taskId: string) {
  return `task-photos/${taskId}/${crypto.randomUUID()}`;
}

/** A rep takes an open task of their city. */
export async function claimTask(
  { env, db, user }: TaskCaller,
  taskId: string,
): Promise<WallResult> {
  const task = await taskInScope(db, user, taskId);
  return regionWall(env, task.regionId).claimTask(taskId, actorOf(user), Date.now());
}

/** Completes a task on its wall; the photo goes to R2 first and is removed again if refused. */
export async function completeTask(
  { env, db, user }: TaskCaller,
  taskId: string,
  input: CompletionInput,
  photo: { bytes: ArrayBuffer; contentType: string } | null,
): Promise<WallResult> {
  const task = await taskInScope(db, user, taskId);
  const photoKey = photo ? taskPhotoKey(taskId) : null;
  if (photo && photoKey)
    await env.FILES.put(photoKey, photo.bytes, {
      httpMetadata: { contentType: photo.contentType },
    });
  const evidence: TaskEvidence = {
    photoKey,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
    note: input.note || null,
    lagReason: input.lagReason ?? null,
    lagNote: input.lagNote || null,
  };
  const result = await regionWall(env, task.regionId).completeTask(
    taskId,
    actorOf(user),
    evidence,
    Date.now(),
  );
  if (!result.ok && photoKey) await env.FILES.delete(photoKey);
  return result;
}

/** A manager puts a claimed task back on the wall. */
export async function releaseTask(
  { env, db, user }: TaskCaller,
  taskId: string,
): Promise<WallResult> {
  const task = await taskInScope(db, user, taskId);
  return regionWall(env, task.regionId).releaseTask(taskId, actorOf(user), Date.now());
}

/** A manager gives a task to an active rep of the task's region (the wall checks the city). */
export async function reassignTask(
  { env, db, user }: TaskCaller,
  taskId: string,
  repId: string,
): Promise<TaskActionResult> {
  const task = await taskInScope(db, user, taskId);
  const [rep] = await db
    .select({ id: users.id, name: users.name, role: users.role, cityId: users.cityId })
    .from(users)
    .where(
      and(
        eq(users.id, repId),
        eq(users.role, 'rep'),
        eq(users.active, true),
        eq(users.regionId, task.regionId),
      ),
    )
    .limit(1);
  if (!rep) return { ok: false, code: 'unknown_rep' };
  return regionWall(env, task.regionId).reassignTask(taskId, actorOf(user), rep, Date.now());
}
