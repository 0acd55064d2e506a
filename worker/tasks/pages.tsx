import { and, asc, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { cities, users } from '../platform/db/schema';
import { HttpError, notFound } from '../platform/http/errors';
import { servePrivateFile } from '../platform/http/files';
import { validate } from '../platform/http/validate';
import type { MessageKey } from '../platform/i18n';
import { actorOf, regionWall, taskInScope, wallRefusal } from './wall';
import { formStrings, readPhoto } from '../visits/read-submission';
import { LAG_REASONS, type TaskEvidence } from '../../durable-objects/region-wall/escalation-rules';
import type { WallTask } from '../../durable-objects/region-wall/region-wall';
import { TaskPage } from '../../views/tasks/tasks';

export const taskIdParam = z.object({ id: z.string().min(1).max(128) });

const completionForm = z.object({
  note: z.string().trim().max(2000).optional(),
  lat: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().min(-90).max(90).optional()),
  lng: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().min(-180).max(180).optional()),
  lagReason: z.preprocess((v) => (v === '' ? undefined : v), z.enum(LAG_REASONS).optional()),
  lagNote: z.string().trim().max(500).optional(),
});
export type CompletionInput = z.output<typeof completionForm>;
export { completionForm };

export function taskPhotoKey(taskId: string) {
  return `task-photos/${taskId}/${crypto.randomUUID()}`;
}

/** Completes a task on its wall; the photo goes to R2 first and is removed again if refused. */
export async function completeTask(c: Context<AppEnv>, taskId: string, input: CompletionInput, photo: { bytes: ArrayBuffer; contentType: string } | null) {
  const user = currentUser(c);
  const task = await taskInScope(c.var.db, user, taskId);
  const photoKey = photo ? taskPhotoKey(taskId) : null;
  if (photo && photoKey) await c.env.FILES.put(photoKey, photo.bytes, { httpMetadata: { contentType: photo.contentType } });
  const evidence: TaskEvidence = { photoKey, lat: input.lat ?? null, lng: input.lng ?? null, note: input.note || null, lagReason: input.lagReason ?? null, lagNote: input.lagNote || null };
  const result = await regionWall(c.env, task.regionId).completeTask(task.regionId, taskId, actorOf(user), evidence, Date.now());
  if (!result.ok && photoKey) await c.env.FILES.delete(photoKey);
  return result;
}

async function renderTask(c: Context<AppEnv>, taskId: string, extra: { notice?: string; errors?: MessageKey[]; values?: Record<string, string> } = {}, status: 200 | 409 | 422 = 200) {
  const user = currentUser(c);
  const ref = await taskInScope(c.var.db, user, taskId);
  const [task, [cityRows, repRows]] = await Promise.all([
    regionWall(c.env, ref.regionId).getTask(ref.regionId, taskId),
    c.var.db.batch([
      c.var.db.select().from(cities).where(eq(cities.id, ref.cityId)).limit(1),
      c.var.db.select({ id: users.id, name: users.name, cityId: users.cityId }).from(users).where(and(eq(users.cityId, ref.cityId), eq(users.role, 'rep'), eq(users.active, true))).orderBy(asc(users.name)),
    ]),
  ]);
  if (!task) throw notFound();
  c.status(status);
  return c.render(<TaskPage task={task as WallTask} city={cityRows[0] ?? null} reps={user.role === 'rep' ? [] : repRows} lagReasons={LAG_REASONS} {...extra} />);
}

/** Task pages: reps claim and complete from the phone; managers release and reassign. */
export const taskPages = new Hono<AppEnv>()
  .get('/:id', validate('param', taskIdParam), async (c) => {
    // The confirmation of what was just done here, after the redirect.
    const notice = c.req.query('claimed') ? c.var.t('task.claimed') : c.req.query('done') === 'released' ? c.var.t('task.released') : undefined;
    return renderTask(c, c.req.valid('param').id, { notice });
  })
  .post('/:id/claim', requireCapability('workAsRep'), validate('param', taskIdParam), async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    const task = await taskInScope(c.var.db, user, id);
    const result = await regionWall(c.env, task.regionId).claimTask(task.regionId, id, actorOf(user), Date.now());
    if (result.ok) return c.redirect(`/tasks/${id}?claimed=1`, 303);
    return renderTask(c, id, { notice: wallRefusal(result, c.var.t).message }, 409);
  })
  .post('/:id/complete', requireCapability('workAsRep'), validate('param', taskIdParam), async (c) => {
    const { id } = c.req.valid('param');
    const { fields, body } = await formStrings(c);
    const form = completionForm.safeParse(fields);
    const photo = await readPhoto(body.photo);
    if (!form.success) throw new HttpError(400, 'invalid_request', form.error.issues.map((i) => i.message).join('; '));
    if ('error' in photo) return renderTask(c, id, { errors: [photo.error], values: fields }, 422);
    const result = await completeTask(c, id, form.data, photo.photo);
    if (result.ok) return c.redirect('/rep/today?saved=1', 303);
    if (result.code === 'evidence_missing') return renderTask(c, id, { errors: result.missing.map((m) => `task.missing.${m}` as const), values: fields }, 422);
    return renderTask(c, id, { notice: wallRefusal(result, c.var.t).message }, 409);
  })
  .post('/:id/release', requireCapability('watchRegionWall'), validate('param', taskIdParam), async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    const task = await taskInScope(c.var.db, user, id);
    const result = await regionWall(c.env, task.regionId).releaseTask(task.regionId, id, actorOf(user), Date.now());
    if (!result.ok) throw wallRefusal(result, c.var.t);
    return c.redirect(`/tasks/${id}?done=released`, 303);
  })
  .post('/:id/reassign', requireCapability('watchRegionWall'), validate('param', taskIdParam), validate('form', z.object({ repId: z.string().min(1).max(64) })), async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    const task = await taskInScope(c.var.db, user, id);
    const [rep] = await c.var.db
      .select({ id: users.id, name: users.name, role: users.role, cityId: users.cityId })
      .from(users)
      .where(and(eq(users.id, c.req.valid('form').repId), eq(users.role, 'rep'), eq(users.active, true), eq(users.regionId, task.regionId)))
      .limit(1);
    if (!rep) throw new HttpError(422, 'unknown_rep', c.var.t('task.wrongCity'));
    const result = await regionWall(c.env, task.regionId).reassignTask(task.regionId, id, actorOf(user), rep, Date.now());
    if (!result.ok) throw wallRefusal(result, c.var.t);
    return c.redirect(`/tasks/${id}`, 303);
  });

/** Completion photos, for whoever may see the task. */
export const taskPhotoRoutes = new Hono<AppEnv>().get('/:taskId/:photoId', validate('param', z.object({ taskId: z.string().min(1).max(128), photoId: z.uuid() })), async (c) => {
  const { taskId, photoId } = c.req.valid('param');
  await taskInScope(c.var.db, currentUser(c), taskId);
  return servePrivateFile(c, `task-photos/${taskId}/${photoId}`);
});
