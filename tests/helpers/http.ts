import { exports } from 'cloudflare:workers';
import { DEMO_PASSWORD } from '../../scripts/seed/generate';

export const ORIGIN = 'http://fieldwall.test';

export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(ORIGIN + path, { redirect: 'manual', ...init }));
}

export function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}

export function postForm(
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return call(path, {
    method: 'POST',
    body: form(fields),
    headers: { origin: ORIGIN, ...headers },
  });
}

/** A signed-in browser: its session cookie and the CSRF token its pages carry. */
export type Browser = {
  cookie: string;
  csrfToken: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(
    path: string,
    fields?: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** Opens the page at `path` and submits its create form there, with the idempotency key the form carries. */
  submit(path: string, fields?: Record<string, string>): Promise<Response>;
};

export function sessionCookieFrom(response: Response): string {
  const setCookie = response.headers.get('set-cookie') ?? '';
  const match = /fw_session=([^;]+)/.exec(setCookie);
  if (!match) throw new Error(`no session cookie in ${response.status} response`);
  return `fw_session=${match[1]}`;
}

export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF field on the page');
  return match[1]!;
}

/** The idempotency key carried by the page's form that posts to `action` (forms that create something). */
export function submissionKeyIn(html: string, action: string): string {
  const form = html.slice(html.indexOf(`action="${action}"`));
  const match = /name="submissionKey" value="([^"]+)"/.exec(form);
  if (!html.includes(`action="${action}"`) || !match)
    throw new Error(`no submission key in the form for ${action}`);
  return match[1]!;
}

export async function signInAs(
  email: string,
  password = DEMO_PASSWORD,
  address = '198.51.100.7',
): Promise<Browser> {
  const response = await postForm('/login', { email, password }, { 'cf-connecting-ip': address });
  if (response.status !== 303) throw new Error(`sign-in as ${email} answered ${response.status}`);
  const cookie = sessionCookieFrom(response);
  const home = await call('/login', { headers: { cookie } });
  // /login redirects a signed-in user home; any page of the app carries the token in its header forms.
  const page = await call(home.headers.get('location') ?? '/', { headers: { cookie } });
  const csrfToken = csrfTokenIn(await page.text());
  return {
    cookie,
    csrfToken,
    get: (path, headers = {}) => call(path, { headers: { cookie, ...headers } }),
    post: (path, fields = {}, headers = {}) =>
      postForm(path, { _csrf: csrfToken, ...fields }, { cookie, ...headers }),
    submit: async (path, fields = {}) => {
      const page = await (await call(path, { headers: { cookie } })).text();
      return postForm(
        path,
        { _csrf: csrfToken, submissionKey: submissionKeyIn(page, path), ...fields },
        { cookie },
      );
    },
  };
}

/** An API token the admin issues for `email` (read from the page that shows it once). */
export async function issueApiToken(email: string, name = 'test app'): Promise<string> {
  const admin = await signInAs('admin@example.com');
  const issued = await admin.submit('/admin/api-tokens', { name, email });
  const page = await (await admin.get(issued.headers.get('location')!)).text();
  const token = /class="mono">(fwk_[\w-]+)</.exec(page)?.[1];
  if (!token) throw new Error(`no API token shown for ${email}`);
  return token;
}

export type ApiCall = (
  path: string,
  method: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Response>;

/** JSON calls to `/api/v1{path}` with a bearer token. */
export function apiCaller(token: string): ApiCall {
  return (path, method, body, headers = {}) =>
    call(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}
