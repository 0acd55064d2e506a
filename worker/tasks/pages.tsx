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
import { regionWall, taskInScope, wallRefusal } from './wall';
import {
  claimTask,
  completeTask,
  completionForm,
  reassignTask,
  releaseTask,
  taskCaller,
  taskIdParam,
} from './task-actions';
import { formStrings, readPhoto } from '../visits/read-submission';
import type { WallTask } from '../../durable-objects/region-wall/region-wall';
import { LAG_REASONS } from '../../durable-objects/region-wall/escalation-rules';
import { TaskPage } from '../../views/tasks/tasks';

async function renderTask(
  c: Context<AppEnv>,
  taskId: string,
  extra: { notice?: string; errors?: MessageKey[]; values?: Record<string, string> } = {},
  status: 200 | 409 | 422 = 200,
) {
  const user = currentUser(c);
  const ref = await taskInScope(c.var.db, user, taskId);
  const [task, [cityRows, repRows]] = await Promise.all([
    regionWall(c.env, ref.regionId).getTask(taskId),
    c.var.db.batch([
      c.var.db.select().from(cities).where(eq(cities.id, ref.cityId)).limit(1),
      c.var.db
        .select({ id: users.id, name: users.name, cityId: users.cityId })
        .from(users)
        .where(and(eq(users.cityId, ref.cityId), eq(users.role, 'rep'), eq(users.active, true)))
        .orderBy(asc(users.name)),
    ]),
  ]);
  if (!task) throw notFound();
  c.status(status);
  return c.render(
    <TaskPage
      task={task as WallTask}
      city={cityRows[0] ?? null}
      reps={user.role === 'rep' ? [] : repRows}
      lagReasons={LAG_REASONS}
      {...extra}
    />,
  );
}

/** Task pages: reps claim and complete from the phone; managers release and reassign. */
export const taskPages = new Hono<AppEnv>()
  .get('/:id', validate('param', taskIdParam), async (c) => {
    // The confirmation of what was just done here, after the redirect.
    const notice = c.req.query('claimed')
      ? c.var.t('task.claimed')
      : c.req.query('done') === 'released'
        ? c.var.t('task.released')
        : undefined;
    return renderTask(c, c.req.valid('param').id, { notice });
  })
  .post('/:id/claim', requireCapability('workAsRep'), validate('param', taskIdParam), async (c) => {
    const { id } = c.req.valid('param');
    const result = await claimTask(taskCaller(c), id);
    if (result.ok) return c.redirect(`/tasks/${id}?claimed=1`, 303);
    return renderTask(c, id, { notice: wallRefusal(result, c.var.t).message }, 409);
  })
  .post(
    '/:id/complete',
    requireCapability('workAsRep'),
    validate('param', taskIdParam),
    async (c) => {
      const { id } = c.req.valid('param');
      const { fields, body } = await formStrings(c);
      const form = completionForm.safeParse(fields);
      const photo = await readPhoto(body.photo);
      if (!form.success)
        throw new HttpError(
          400,
          'invalid_request',
          form.error.issues.map((i) => i.message).join('; '),
        );
      if ('error' in photo)
        return renderTask(c, id, { errors: [photo.error], values: fields }, 422);
      const result = await completeTask(taskCaller(c), id, form.data, photo.photo);
      if (result.ok) return c.redirect('/rep/today?saved=1', 303);
      if (result.code === 'evidence_missing')
        return renderTask(
          c,
          id,
          { errors: result.missing.map((m) => `task.missing.${m}` as const), values: fields },
          422,
        );
      return renderTask(c, id, { notice: wallRefusal(result, c.var.t).message }, 409);
    },
  )
  .post(
    '/:id/release',
    requireCapability('watchRegionWall'),
    validate('param', taskIdParam),
    async (c) => {
      const { id } = c.req.valid('param');
      const result = await releaseTask(taskCaller(c), id);
      if (!result.ok) throw wallRefusal(result, c.var.t);
      return c.redirect(`/tasks/${id}?done=released`, 303);
    },
  )
  .post(
    '/:id/reassign',
    requireCapability('watchRegionWall'),
    validate('param', taskIdParam),
    validate('form', z.object({ repId: z.string().min(1).max(64) })),
    async (c) => {
      const { id } = c.req.valid('param');
      const result = await reassignTask(taskCaller(c), id, c.req.valid('form').repId);
      if (!result.ok) throw wallRefusal(result, c.var.t);
      return c.redirect(`/tasks/${id}`, 303);
    },
  );

/** Completion photos, for whoever may see the task. */
export const taskPhotoRoutes = new Hono<AppEnv>().get(
  '/:taskId/:photoId',
  validate('param', z.object({ taskId: z.string().min(1).max(128), photoId: z.uuid() })),
  async (c) => {
    const { taskId, photoId } = c.req.valid('param');
    await taskInScope(c.var.db, currentUser(c), taskId);
    return servePrivateFile(c, `task-photos/${taskId}/${photoId}`);
  },
);
