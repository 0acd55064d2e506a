import type { Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import type { MessageKey } from '../platform/i18n';
import { PHOTO_MAX_BYTES, PHOTO_TYPES } from './visit-input';
import type { VisitPhoto } from './log-visit';
import { readForm } from '../platform/http/request';

/** An uploaded file field: absent (null), accepted, or refused for its type or size. */
export async function readUpload(
  value: unknown,
  types: readonly string[],
  maxBytes: number,
): Promise<
  | { file: { bytes: ArrayBuffer; contentType: string; name: string } | null }
  | { error: 'type' | 'size' }
> {
  if (!(value instanceof File) || value.size === 0) return { file: null };
  if (!types.includes(value.type)) return { error: 'type' };
  if (value.size > maxBytes) return { error: 'size' };
  return { file: { bytes: await value.arrayBuffer(), contentType: value.type, name: value.name } };
}

/** The photo field of a multipart visit submission: absent, accepted, or the reason it is not. */
export async function readPhoto(
  value: unknown,
): Promise<{ photo: VisitPhoto | null } | { error: MessageKey }> {
  const upload = await readUpload(value, PHOTO_TYPES, PHOTO_MAX_BYTES);
  if ('error' in upload)
    return { error: upload.error === 'type' ? 'visit.error.photoType' : 'visit.error.photoSize' };
  return {
    photo: upload.file ? { bytes: upload.file.bytes, contentType: upload.file.contentType } : null,
  };
}

/** Form fields as strings (files excluded), for re-rendering what the rep typed. */
export async function formStrings(
  c: Context<AppEnv>,
): Promise<{ fields: Record<string, string>; body: Record<string, unknown> }> {
  const body: Record<string, unknown> = await readForm(c);
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body))
    if (typeof value === 'string') fields[name] = value;
  return { fields, body };
}
