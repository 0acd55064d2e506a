/**
 * The worker's side of the region walls: which task a caller may reach (D1, through the one
 * scope module), and the region's object that holds its live state.
 */
import { and, eq } from 'drizzle-orm';
import type { SignedInUser } from '../platform/app-env';
import { inScope } from '../platform/access/scope';
import type { Database } from '../platform/db/client';
import { tasks } from '../platform/db/schema';
import { HttpError, notFound } from '../platform/http/errors';
import type { Translate } from '../platform/i18n';
import type {
  WallActor,
  WallTask,
  WallTaskStatus,
} from '../../durable-objects/region-wall/region-wall';
import type { TaskActionResult } from './task-actions';

/** The one way to reach a region's wall: the object is named by its region and knows it. */
export function regionWall(env: Env, regionId: string) {
  return env.REGION_WALL.get(env.REGION_WALL.idFromName(regionId));
}

/** The wall tasks of the rep's city with the given statuses (none for a user without a city). */
export async function cityTasksOf(
  env: Env,
  user: SignedInUser,
  statuses: WallTaskStatus[],
): Promise<WallTask[]> {
  if (!user.regionId || !user.cityId) return [];
  return regionWall(env, user.regionId).listTasks({ cityId: user.cityId, statuses });
}

/** What a rep sees of the wall on Today: the tasks they hold, and those still open to claim. */
export async function repWallTasks(
  env: Env,
  user: SignedInUser,
): Promise<{ mine: WallTask[]; open: WallTask[] }> {
  const live = await cityTasksOf(env, user, ['open', 'claimed']);
  return {
    mine: live.filter((task) => task.claimedBy === user.id),
    open: live.filter((task) => task.status === 'open'),
  };
}

export function actorOf(user: SignedInUser): WallActor {
  return { id: user.id, name: user.name, role: user.role, cityId: user.cityId };
}

/** The task's region and city if the caller's scope includes it; otherwise a 404. */
export async function taskInScope(db: Database, user: SignedInUser, taskId: string) {
  const [task] = await db
    .select({ id: tasks.id, regionId: tasks.regionId, cityId: tasks.cityId })
    .from(tasks)
    .where(and(eq(tasks.id, taskId), inScope(user, 'tasks')))
    .limit(1);
  if (!task) throw notFound();
  return task;
}

/** A refused task action as a client error: 409 for a lost race, 422 for missing evidence. */
export function wallRefusal(
  result: Exclude<TaskActionResult, { ok: true }>,
  t: Translate,
): HttpError {
  switch (result.code) {
    case 'unknown_rep':
      return new HttpError(422, 'unknown_rep', t('task.wrongCity'));
    case 'already_claimed':
      return new HttpError(
        409,
        'already_claimed',
        t('task.alreadyClaimed', { name: result.claimedBy.name }),
        { claimedBy: result.claimedBy },
      );
    case 'evidence_missing':
      return new HttpError(
        422,
        'evidence_missing',
        result.missing.map((m) => t(`task.missing.${m}`)).join(' '),
        { missing: result.missing },
      );
    case 'not_yours':
      return new HttpError(403, 'not_yours', t('task.notYours'));
    case 'wrong_city':
      return new HttpError(403, 'wrong_city', t('task.wrongCity'));
    case 'not_claimable':
      return new HttpError(409, 'not_claimable', t('task.notClaimable'));
    case 'not_found':
      return notFound();
  }
}
