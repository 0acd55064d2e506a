import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { scopeOf } from '../platform/access/policy';
import { regions } from '../platform/db/schema';
import { regionsInScope } from '../platform/access/scope';
import { HttpError } from '../platform/http/errors';
import { documented } from '../platform/http/api-doc';
import { validate } from '../platform/http/validate';
import { cityTasksOf, regionWall, wallRefusal } from './wall';
import { readPhoto } from '../visits/read-submission';
import { claimTask, completeTask, completionForm, taskCaller, taskIdParam } from './task-actions';
import { readForm, readJson } from '../platform/http/request';

const taskListQuery = z.object({ status: z.enum(['open', 'claimed', 'done']).default('open') });

// The docs of the routes below, in /api/v1/openapi.json.
const listDoc = documented({
  summary:
    'Wall tasks in the caller’s scope (for a rep: their city); `status=open` lists what the caller may claim',
  query: taskListQuery,
  responses: { '200': { description: '`{ items }`' } },
});
const claimDoc = documented({
  summary: 'Claim a task: exactly one of any number of concurrent claims wins',
  params: taskIdParam,
  responses: { '200': { description: 'The claimed task' } },
  errors: {
    '403': '`wrong_city`: the task is on another city’s wall',
    '409': '`already_claimed` (with `details.claimedBy`) or `not_claimable`',
  },
});
const completeDoc = documented({
  summary:
    'Complete a claimed task with the evidence its template asks for (a lag reason when overdue); completing again is harmless',
  params: taskIdParam,
  body: { json: completionForm, multipart: 'The same fields plus an optional `photo` file.' },
  responses: { '200': { description: 'The completed task' } },
  errors: {
    '403': '`not_yours`: another rep holds the task',
    '409': '`not_claimable`',
    '422': '`evidence_missing` with `details.missing`, or `invalid_photo`',
  },
});

/** `/api/v1/tasks`: the wall's tasks in the caller's scope; claim and complete like the phone pages. */
export const taskApi = new Hono<AppEnv>()
  .get('/', listDoc, validate('query', taskListQuery), async (c) => {
    const user = currentUser(c);
    const { status } = c.req.valid('query');
    const scope = scopeOf(user, 'tasks');
    if (scope.kind === 'city') {
      return c.json({ items: await cityTasksOf(c.env, user, [status]) });
    }
    const regionRows = await c.var.db
      .select({ id: regions.id })
      .from(regions)
      .where(regionsInScope(user, 'tasks', regions.id));
    const lists = await Promise.all(
      regionRows.map((region) => regionWall(c.env, region.id).listTasks({ statuses: [status] })),
    );
    return c.json({ items: lists.flat() });
  })
  .post(
    '/:id/claim',
    claimDoc,
    requireCapability('workAsRep'),
    validate('param', taskIdParam),
    async (c) => {
      const result = await claimTask(taskCaller(c), c.req.valid('param').id);
      if (!result.ok) throw wallRefusal(result, c.var.t);
      return c.json(result.task);
    },
  )
  .post(
    '/:id/complete',
    completeDoc,
    requireCapability('workAsRep'),
    validate('param', taskIdParam),
    async (c) => {
      const type = c.req.header('content-type') ?? '';
      let fields: unknown;
      let photo = null;
      if (type.includes('multipart/form-data')) {
        const body: Record<string, unknown> = await readForm(c);
        const read = await readPhoto(body.photo);
        if ('error' in read) throw new HttpError(422, 'invalid_photo', c.var.t(read.error));
        photo = read.photo;
        fields = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string'));
      } else {
        fields = await readJson(c);
      }
      const form = completionForm.safeParse(fields);
      if (!form.success)
        throw new HttpError(
          400,
          'invalid_request',
          form.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        );
      const result = await completeTask(taskCaller(c), c.req.valid('param').id, form.data, photo);
      if (!result.ok) throw wallRefusal(result, c.var.t);
      return c.json(result.task);
    },
  );
