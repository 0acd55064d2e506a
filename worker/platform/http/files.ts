import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { notFound } from './errors';

/** Streams a private R2 object (a photo) to a caller whose scope was already checked. */
export async function servePrivateFile(c: Context<AppEnv>, key: string) {
  const object = await c.env.FILES.get(key);
  if (!object) throw notFound();
  c.header('Content-Type', object.httpMetadata?.contentType ?? 'application/octet-stream');
  // Private to this browser; a key's content never changes, so it can be kept a while.
  c.header('Cache-Control', 'private, max-age=86400');
  c.header('ETag', object.httpEtag);
  return c.body(object.body);
}
