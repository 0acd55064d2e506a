import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { notFound } from './errors';

/**
 * Streams a private R2 object (a photo, a signed contract) to a caller whose scope was already
 * checked. A `fileName` makes it a download under that name (never rendered in our origin's pages).
 */
export async function servePrivateFile(c: Context<AppEnv>, key: string, fileName?: string) {
  const object = await c.env.FILES.get(key);
  if (!object) throw notFound();
  c.header('Content-Type', object.httpMetadata?.contentType ?? 'application/octet-stream');
  if (fileName)
    c.header(
      'Content-Disposition',
      `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    );
  // Private to this browser; a key's content never changes, so it can be kept a while.
  c.header('Cache-Control', 'private, max-age=86400');
  c.header('ETag', object.httpEtag);
  return c.body(object.body);
}
