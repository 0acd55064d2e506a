import { and, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { inScope } from '../platform/access/scope';
import { visits } from '../platform/db/schema';
import { HttpError } from '../platform/http/errors';
import { logVisit, type VisitPhoto } from './log-visit';
import { afterResponse, queueTimersAfterVisit } from '../tasks/timers';
import { readPhoto } from './read-submission';
import { idempotencyKeySchema, visitSchema } from './visit-input';
import { visitBody } from '../api/schemas';
import { readForm, readJson } from '../platform/http/request';

/** JSON or multipart (with `photo`) into the flat shape `visitSchema` validates. */
async function readVisitRequest(c: Context<AppEnv>): Promise<{ fields: Record<string, unknown>; photo: VisitPhoto | null }> {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('multipart/form-data')) {
    const body: Record<string, unknown> = await readForm(c);
    const photo = await readPhoto(body.photo);
    if ('error' in photo) throw new HttpError(422, 'invalid_photo', c.var.t(photo.error));
    const { photo: _file, ...fields } = body;
    return { fields, photo: photo.photo };
  }
  if (!type.includes('application/json')) throw new HttpError(415, 'unsupported_media_type', 'Send application/json or multipart/form-data.');
  const json = await readJson(c);
  const shape = visitBody.safeParse(json);
  if (!shape.success) {
    const details = shape.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new HttpError(400, 'invalid_request', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
  }
  const { commitment, ...rest } = shape.data;
  return { fields: { ...rest, commitmentText: commitment?.text, commitmentDueAt: commitment?.dueAt }, photo: null };
}

/** POST /api/v1/visits: the same rules, scope and idempotency as the rep's form. */
export const visitApi = new Hono<AppEnv>().post('/', requireCapability('workAsRep'), async (c) => {
  const user = currentUser(c);
  const key = idempotencyKeySchema.safeParse(c.req.header('idempotency-key'));
  if (!key.success) throw new HttpError(400, 'idempotency_key_required', 'Send an Idempotency-Key header (8–128 letters, digits, . _ : -).');
  const { fields, photo } = await readVisitRequest(c);
  const now = Date.now();
  const parsed = visitSchema({ timeZone: user.timeZone, now }).safeParse(fields);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: c.var.t(issue.message.startsWith('visit.') ? (issue.message as 'visit.error.invalid') : 'visit.error.invalid') }));
    throw new HttpError(400, 'invalid_request', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
  }
  const logged = await logVisit(c.var.db, c.env.FILES, user, { ...parsed.data, idempotencyKey: key.data, photo }, now);
  afterResponse(c.executionCtx, queueTimersAfterVisit(c.env, logged));
  const [visit] = await c.var.db
    .select()
    .from(visits)
    .where(and(eq(visits.id, logged.visitId), inScope(user, 'visits')))
    .limit(1);
  if (!visit) throw new HttpError(409, 'visit_unavailable', 'The visit for this idempotency key is no longer available.');
  if (logged.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(
    {
      id: visit.id,
      customerId: visit.customerId,
      visitedAt: visit.visitedAt,
      checkInStatus: visit.checkInStatus,
      checkInDistanceM: visit.checkInDistanceM,
      aci: { nextFollowUp: visit.aciNextFollowUp, evidence: visit.aciEvidence, stage: visit.aciStage },
    },
    logged.replayed ? 200 : 201,
  );
});
