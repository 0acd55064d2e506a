import type { Context } from 'hono';
import { HttpError } from './errors';

/** API and webhook callers get JSON errors; browsers get pages. */
export function wantsJson(c: Context): boolean {
  const path = c.req.path;
  if (path.startsWith('/api/') || path.startsWith('/webhooks/')) return true;
  const accept = c.req.header('accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export function clientAddress(c: Context): string | null {
  return c.req.header('cf-connecting-ip') ?? null;
}

export function isHtmx(c: Context): boolean {
  return c.req.header('hx-request') === 'true';
}

/** Only same-site paths: a `next` parameter must never send the user to another origin. */
export function safeRedirectPath(next: string | null | undefined): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : null;
}

export type FormBody = Record<string, string | File | (string | File)[]>;

const malformedBody = () => new HttpError(400, 'malformed_body', 'The request body could not be read as its Content-Type says.');

/**
 * The one way a route reads a form (urlencoded or multipart) body. A body that does not parse
 * (a broken multipart boundary, say) is the client's error: 400 `malformed_body`, never a 500.
 * The parsed body is cached on the request, so later reads are free.
 */
export async function readForm(c: Context, options: { all?: boolean } = {}): Promise<FormBody> {
  try {
    return (await c.req.parseBody({ all: options.all ?? false })) as FormBody;
  } catch {
    throw malformedBody();
  }
}

/** The one way a route reads a JSON body; unparseable JSON is the documented `invalid_json`. */
export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid JSON.');
  }
}
