import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { notFound } from './errors';

/** `filename*` for Content-Disposition: any name, percent-encoded, so no quote or newline gets in. */
const dispositionName = (name: string) =>
  `UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`;

/**
 * Streams a private R2 object (a photo, a deal's file) to a caller whose scope was already
 * checked. With `download`, the file keeps its name: images open inline, anything else (a PDF)
 * is saved rather than rendered on our origin.
 */
export async function servePrivateFile(
  c: Context<AppEnv>,
  key: string,
  download?: { fileName: string },
) {
  const object = await c.env.FILES.get(key);
  if (!object) throw notFound();
  const type = object.httpMetadata?.contentType ?? 'application/octet-stream';
  c.header('Content-Type', type);
  if (download)
    c.header(
      'Content-Disposition',
      `${type.startsWith('image/') ? 'inline' : 'attachment'}; filename*=${dispositionName(download.fileName)}`,
    );
  // Private to this browser; a key's content never changes, so it can be kept a while.
  c.header('Cache-Control', 'private, max-age=86400');
  c.header('ETag', object.httpEtag);
  return c.body(object.body);
}
