import { env } from 'cloudflare:workers';
import { call, ORIGIN, submissionKeyIn, type Browser } from './http';

/** A JSON API call with the browser's session (the CSRF token in its header, as htmx sends it). */
export function api(
  browser: Browser,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return call(path, {
    method,
    headers: {
      cookie: browser.cookie,
      origin: ORIGIN,
      'x-csrf-token': browser.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Creates a deal through the API and returns its id. */
export async function createDealByApi(
  browser: Browser,
  fields: { customerId: string; name: string; stage: string; amountCents?: number },
): Promise<string> {
  const response = await api(
    browser,
    'POST',
    '/api/v1/deals',
    {
      amountCents: 1_000_000,
      currency: 'CNY',
      expectedCloseAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      ...fields,
    },
    { 'idempotency-key': crypto.randomUUID() },
  );
  if (response.status !== 201)
    throw new Error(`create deal answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Opens the new-deal page of a customer and submits its form with the key it carries. */
export async function submitNewDeal(
  browser: Browser,
  customerId: string,
  fields: Record<string, string>,
  key?: string,
) {
  const action = `/customers/${customerId}/deals`;
  const page = await (await browser.get(`${action}/new`)).text();
  return browser.post(action, { submissionKey: key ?? submissionKeyIn(page, action), ...fields });
}

/** A multipart form post (a file upload) with the browser's session. */
export function postMultipart(
  browser: Browser,
  path: string,
  fields: Record<string, string | Blob>,
) {
  const body = new FormData();
  body.append('_csrf', browser.csrfToken);
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return call(path, { method: 'POST', body, headers: { cookie: browser.cookie, origin: ORIGIN } });
}

export const headingOf = (html: string) =>
  /<h1[^>]*>([\s\S]*?)<\/h1>/
    .exec(html)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .trim() ?? null;

export async function dealRow(id: string) {
  return env.DB.prepare('SELECT * FROM deals WHERE id = ?')
    .bind(id)
    .first<Record<string, unknown>>();
}

export async function auditOf(dealId: string) {
  const { results } = await env.DB.prepare(
    'SELECT action, customer_id, detail, actor_id FROM audit_log WHERE subject_id = ? ORDER BY created_at, rowid',
  )
    .bind(dealId)
    .all<{ action: string; customer_id: string | null; detail: string; actor_id: string }>();
  return results.map((row) => ({
    ...row,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  }));
}
