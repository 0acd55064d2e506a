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

/** Whether cookies may be Secure: browsers drop them on plain http, which `npm start` serves on localhost. */
export function cookieIsSecure(c: { req: { url: string }; env: Env }): boolean {
  return c.env.ENVIRONMENT === 'production' || new URL(c.req.url).protocol === 'https:';
}

export function isHtmx(c: Context): boolean {
  return c.req.header('hx-request') === 'true';
}

const OWN_ORIGIN = 'https://fieldwall.invalid';
/** Control characters and backslashes, raw or percent-encoded: browsers strip or rewrite them. */
const UNSAFE_IN_REDIRECT = /[\u0000-\u001f\u007f\\]|%(?:[01][0-9a-f]|7f|5c)/i;

/**
 * Only paths on this site: a `next` parameter must never send the user to another origin. The
 * string is parsed as a browser would resolve it against our origin, and the normalised path is
 * what we redirect to; anything else (another host, a scheme, `/\t/host`, CR/LF) is refused.
 */
export function safeRedirectPath(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || UNSAFE_IN_REDIRECT.test(next)) return null;
  let url: URL;
  try {
    url = new URL(next, OWN_ORIGIN);
  } catch {
    return null;
  }
  return url.origin === OWN_ORIGIN ? url.pathname + url.search + url.hash : null;
}

export type FormBody = Record<string, string | File | (string | File)[]>;

const malformedBody = () =>
  new HttpError(
    400,
    'malformed_body',
    'The request body could not be read as its Content-Type says.',
  );

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
/** The text fields of a form body (files dropped), e.g. to show what was typed after an error. */
export function textFields(body: FormBody): Record<string, string> {
  return Object.fromEntries(
    Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid JSON.');
  }
}
