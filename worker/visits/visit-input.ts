/**
 * The one validation of a logged visit, shared by the HTML form and POST /api/v1/visits.
 * Times arrive either as ISO 8601 with an offset (API) or as the form's local
 * `YYYY-MM-DDTHH:mm` in the rep's region time zone; both become epoch milliseconds here.
 */
import { z } from 'zod';
import { DEAL_STAGES } from '../platform/db/schema';
import { isMessageKey, type MessageKey } from '../platform/i18n';
import { parseDateTime, PLANNING_HORIZON_MS } from '../platform/time/parse-time';

export const SUMMARY_MIN_LENGTH = 10;
export const SUMMARY_MAX_LENGTH = 4000;
const message = (key: MessageKey) => ({ message: key });
const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(max).optional(),
  );
const optionalNumber = (min: number, max: number, key: MessageKey) =>
  z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.coerce.number().min(min, message(key)).max(max, message(key)).optional(),
  );

/** How long a visit kept on a phone offline may wait before it is sent. */
export const OFFLINE_GRACE_MS = 7 * 86_400_000;
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * When the visit happened: the phone's recorded time for a visit queued offline (within the last
 * week, allowing a little clock skew), else now. Rules about "the future" are judged from then.
 */
export function visitTime(recordedAt: unknown, now: number): number {
  const at =
    typeof recordedAt === 'string' && /^\d{13}$/.test(recordedAt)
      ? Number(recordedAt)
      : typeof recordedAt === 'number'
        ? recordedAt
        : NaN;
  if (!Number.isFinite(at) || at < now - OFFLINE_GRACE_MS || at > now + CLOCK_SKEW_MS) return now;
  return Math.min(at, now);
}

export function visitSchema(context: { timeZone: string; now: number }) {
  const time = (key: MessageKey) =>
    z.string(message(key)).transform((text, ctx) => {
      const at = parseDateTime(text.trim(), context.timeZone);
      if (at === null) ctx.addIssue({ code: 'custom', ...message(key) });
      return at ?? 0;
    });
  return z
    .object({
      customerId: z
        .string(message('visit.error.customer'))
        .min(1, message('visit.error.customer'))
        .max(64),
      summary: z
        .string(message('visit.error.summaryTooShort'))
        .trim()
        .min(SUMMARY_MIN_LENGTH, message('visit.error.summaryTooShort'))
        .max(SUMMARY_MAX_LENGTH, message('visit.error.summaryTooLong')),
      nextFollowUpAt: time('visit.error.nextFollowUpInvalid'),
      lat: optionalNumber(-90, 90, 'visit.error.position'),
      lng: optionalNumber(-180, 180, 'visit.error.position'),
      dealId: optionalText(64),
      stage: z.preprocess(
        (v) => (v === '' ? undefined : v),
        z.enum(DEAL_STAGES, message('visit.error.stage')).optional(),
      ),
      commitmentText: optionalText(500),
      commitmentDueAt: z.preprocess(
        (v) => (v === '' ? undefined : v),
        time('visit.error.commitmentDueInvalid').optional(),
      ),
    })
    .superRefine((visit, ctx) => {
      if (visit.nextFollowUpAt <= context.now)
        ctx.addIssue({
          code: 'custom',
          path: ['nextFollowUpAt'],
          ...message('visit.error.nextFollowUpPast'),
        });
      else if (visit.nextFollowUpAt > context.now + PLANNING_HORIZON_MS)
        ctx.addIssue({
          code: 'custom',
          path: ['nextFollowUpAt'],
          ...message('visit.error.nextFollowUpFar'),
        });
      if ((visit.lat === undefined) !== (visit.lng === undefined))
        ctx.addIssue({ code: 'custom', path: ['lat'], ...message('visit.error.position') });
      if (visit.stage && !visit.dealId)
        ctx.addIssue({ code: 'custom', path: ['stage'], ...message('visit.error.stageNeedsDeal') });
      if (visit.commitmentText && visit.commitmentDueAt === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['commitmentDueAt'],
          ...message('visit.error.commitmentDueMissing'),
        });
      if (!visit.commitmentText && visit.commitmentDueAt !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['commitmentText'],
          ...message('visit.error.commitmentTextMissing'),
        });
      if (visit.commitmentDueAt !== undefined && visit.commitmentDueAt <= context.now)
        ctx.addIssue({
          code: 'custom',
          path: ['commitmentDueAt'],
          ...message('visit.error.commitmentDuePast'),
        });
      else if (
        visit.commitmentDueAt !== undefined &&
        visit.commitmentDueAt > context.now + PLANNING_HORIZON_MS
      )
        ctx.addIssue({
          code: 'custom',
          path: ['commitmentDueAt'],
          ...message('visit.error.commitmentDueFar'),
        });
    });
}

export type VisitInput = z.output<ReturnType<typeof visitSchema>>;

/**
 * Field → message key (a catalogue key, else `fallback`), the first problem of each field, for
 * re-rendering a form. Fields are named by the issue path's first part, or by the whole path
 * (`naming: 'path'`) where the form names nested fields so (e.g. `contact.name`).
 */
export function fieldErrors(
  issues: readonly { path: PropertyKey[]; message: string }[],
  fallback: MessageKey = 'visit.error.invalid',
  naming: 'first' | 'path' = 'first',
): Record<string, MessageKey> {
  const errors: Record<string, MessageKey> = {};
  for (const issue of issues) {
    const field =
      (naming === 'path' ? issue.path.map(String).join('.') : String(issue.path[0] ?? '')) ||
      'form';
    errors[field] ??= isMessageKey(issue.message) ? issue.message : fallback;
  }
  return errors;
}

/** Idempotency keys are client-chosen: any printable token of reasonable length. */
export const idempotencyKeySchema = z.string().regex(/^[\w.:-]{8,128}$/);

export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
