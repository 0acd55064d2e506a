import type { Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import type { MessageKey } from '../platform/i18n';
import { PHOTO_MAX_BYTES, PHOTO_TYPES } from './visit-input';
import type { VisitPhoto } from './log-visit';
import { readForm } from '../platform/http/request';

/** The photo field of a multipart visit submission: absent, accepted, or the reason it is not. */
export async function readPhoto(
  value: unknown,
): Promise<{ photo: VisitPhoto | null } | { error: MessageKey }> {
  if (!(value instanceof File) || value.size === 0) return { photo: null };
  if (!(PHOTO_TYPES as readonly string[]).includes(value.type))
    return { error: 'visit.error.photoType' };
  if (value.size > PHOTO_MAX_BYTES) return { error: 'visit.error.photoSize' };
  return { photo: { bytes: await value.arrayBuffer(), contentType: value.type } };
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
