import { env } from 'cloudflare:workers';
import type { Browser } from './http';

/** A `datetime-local` value `days` ahead in Shanghai time, as the form would send it. */
export function localInput(days: number): string {
  const at = new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000);
  return at.toISOString().slice(0, 16);
}

/** A point `metres` due north of a position. */
export function northOf(position: { lat: number; lng: number }, metres: number) {
  return { lat: position.lat + metres / 111_194.9, lng: position.lng };
}

export async function submitVisitForm(
  browser: Browser,
  customerId: string,
  fields: Record<string, string | Blob>,
) {
  const body = new FormData();
  body.append('_csrf', browser.csrfToken);
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  const { call } = await import('./http');
  return call(`/customers/${customerId}/visits`, {
    method: 'POST',
    body,
    headers: { cookie: browser.cookie, origin: 'http://fieldwall.test' },
  });
}

export async function visitsOf(customerId: string) {
  const { results } = await env.DB.prepare(
    'SELECT * FROM visits WHERE customer_id = ? ORDER BY created_at DESC',
  )
    .bind(customerId)
    .all<Record<string, unknown>>();
  return results;
}
