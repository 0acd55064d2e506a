import { and, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { inScope } from '../platform/access/scope';
import { DEAL_STAGES, visits } from '../platform/db/schema';
import { documented } from '../platform/http/api-doc';
import { HttpError } from '../platform/http/errors';
import { logVisit, type VisitPhoto } from './log-visit';
import { afterResponse, queueTimersAfterVisit } from '../tasks/timers';
import { readPhoto } from './read-submission';
import { idempotencyKeySchema, visitSchema } from './visit-input';
import { readForm, readJson } from '../platform/http/request';

/**
 * The JSON body. It checks JSON types at the edge; the business rules (lengths, future times,
 * stage needs a deal…) are the same `visitSchema` the HTML form uses.
 */
const visitBody = z
  .object({
    customerId: z.string().describe('The customer visited.'),
    summary: z.string().describe('What happened; at least 10 characters.'),
    nextFollowUpAt: z
      .string()
      .describe('ISO 8601 time with offset, in the future, e.g. 2026-11-30T10:00:00+08:00.'),
    lat: z.number().min(-90).max(90).optional().describe('Check-in latitude.'),
    lng: z.number().min(-180).max(180).optional().describe('Check-in longitude.'),
    dealId: z.string().optional().describe("One of the customer's deals."),
    stage: z.enum(DEAL_STAGES).optional().describe('The stage the deal reached; needs dealId.'),
    commitment: z
      .object({
        text: z.string().max(500),
        dueAt: z.string().describe('ISO 8601 time with offset.'),
      })
      .optional()
      .describe('What the rep promised, and by when.'),
  })
  .strict();

const visitCreated = z.object({
  id: z.string(),
  customerId: z.string(),
  visitedAt: z.string().describe('ISO 8601 time with the region offset.'),
  checkInStatus: z.enum(['verified', 'out_of_range', 'unverified']),
  checkInDistanceM: z.number().nullable(),
  aci: z.object({ nextFollowUp: z.boolean(), evidence: z.boolean(), stage: z.boolean() }),
});

/** JSON or multipart (with `photo`) into the flat shape `visitSchema` validates. */
async function readVisitRequest(
  c: Context<AppEnv>,
): Promise<{ fields: Record<string, unknown>; photo: VisitPhoto | null }> {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('multipart/form-data')) {
    const body: Record<string, unknown> = await readForm(c);
    const photo = await readPhoto(body.photo);
    if ('error' in photo) throw new HttpError(422, 'invalid_photo', c.var.t(photo.error));
    const { photo: _file, ...fields } = body;
    return { fields, photo: photo.photo };
  }
  if (!type.includes('application/json'))
    throw new HttpError(
      415,
      'unsupported_media_type',
      'Send application/json or multipart/form-data.',
    );
  const json = await readJson(c);
  const shape = visitBody.safeParse(json);
  if (!shape.success) {
    const details = shape.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }));
    throw new HttpError(
      400,
      'invalid_request',
      details.map((d) => `${d.path}: ${d.message}`).join('; '),
      details,
    );
  }
  const { commitment, ...rest } = shape.data;
  return {
    fields: { ...rest, commitmentText: commitment?.text, commitmentDueAt: commitment?.dueAt },
    photo: null,
  };
}

/** POST /api/v1/visits: the same rules, scope and idempotency as the rep's form. */
export const visitApi = new Hono<AppEnv>().post(
  '/',
  documented({
    summary: 'Log a visit',
    headers: [
      {
        name: 'Idempotency-Key',
        required: true,
        schema: { type: 'string', pattern: '^[\\w.:-]{8,128}$' },
        description:
          'A repeated request with the same key returns the visit already created (200, `Idempotent-Replayed: true`).',
      },
    ],
    body: {
      json: visitBody,
      multipart:
        'The same fields flat (commitmentText, commitmentDueAt) plus an optional `photo` file (JPEG, PNG or WebP, at most 10 MB).',
    },
    responses: {
      '201': { description: 'Created', schema: visitCreated },
      '200': { description: 'Replayed', schema: visitCreated },
    },
    errors: {
      '409': '`visit_unavailable`: the visit for this idempotency key is no longer available',
      '415': '`unsupported_media_type`: send application/json or multipart/form-data',
      '422':
        '`invalid_photo`: the photo is not a JPEG, PNG or WebP of at most 10 MB; `customer_archived`: the customer is archived (restore it first); `stage_gate_unmet`: the stage reached needs what its gates ask (`details.missing`)',
    },
  }),
  requireCapability('workAsRep'),
  async (c) => {
    const user = currentUser(c);
    const key = idempotencyKeySchema.safeParse(c.req.header('idempotency-key'));
    if (!key.success)
      throw new HttpError(
        400,
        'idempotency_key_required',
        'Send an Idempotency-Key header (8–128 letters, digits, . _ : -).',
      );
    const { fields, photo } = await readVisitRequest(c);
    const now = Date.now();
    const parsed = visitSchema({ timeZone: user.timeZone, now }).safeParse(fields);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: c.var.t(
          issue.message.startsWith('visit.')
            ? (issue.message as 'visit.error.invalid')
            : 'visit.error.invalid',
        ),
      }));
      throw new HttpError(
        400,
        'invalid_request',
        details.map((d) => `${d.path}: ${d.message}`).join('; '),
        details,
      );
    }
    const logged = await logVisit(
      c.var.db,
      c.env.FILES,
      user,
      { ...parsed.data, idempotencyKey: key.data, photo },
      now,
      { t: c.var.t, locale: c.var.locale },
    );
    afterResponse(c.executionCtx, queueTimersAfterVisit(c.env, logged));
    const [visit] = await c.var.db
      .select()
      .from(visits)
      .where(and(eq(visits.id, logged.visitId), inScope(user, 'visits')))
      .limit(1);
    if (!visit)
      throw new HttpError(
        409,
        'visit_unavailable',
        'The visit for this idempotency key is no longer available.',
      );
    if (logged.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(
      {
        id: visit.id,
        customerId: visit.customerId,
        visitedAt: visit.visitedAt,
        checkInStatus: visit.checkInStatus,
        checkInDistanceM: visit.checkInDistanceM,
        aci: {
          nextFollowUp: visit.aciNextFollowUp,
          evidence: visit.aciEvidence,
          stage: visit.aciStage,
        },
      },
      logged.replayed ? 200 : 201,
    );
  },
);
