import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { HttpError } from './errors';
import { readForm } from './request';
import { isMessageKey, type Translate } from '../i18n';

/**
 * zod validation at the edge for API-style input: a failure becomes a 400 with a readable
 * message and the field issues. HTML forms that re-render with messages parse with
 * `schema.safeParse` instead, so both share the same schema.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends ZodType>(
  target: Target,
  schema: Schema,
) {
  const check = zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      }));
      const summary = issues
        .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
        .join('; ');
      throw new HttpError(400, 'invalid_request', summary || 'Invalid request.', issues);
    }
  });
  if (target !== 'form') return check;
  // Forms are read by the shared reader first, so a broken body is `malformed_body` here too.
  const readThenCheck: typeof check = async (c, next) => {
    await readForm(c);
    return check(c, next);
  };
  return readThenCheck;
}

/**
 * The 400 for a body that failed a schema whose messages are catalogue keys (the schemas shared
 * with the HTML forms): each issue in the caller's language, with its field path.
 */
export function invalidRequest(
  issues: readonly { path: PropertyKey[]; message: string }[],
  t: Translate,
): HttpError {
  const details = issues.map((issue) => ({
    path: issue.path.join('.'),
    message: isMessageKey(issue.message) ? t(issue.message) : issue.message,
  }));
  return new HttpError(
    400,
    'invalid_request',
    details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ') ||
      'Invalid request.',
    details,
  );
}
