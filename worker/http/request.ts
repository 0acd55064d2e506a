import type { Context } from 'hono';

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
