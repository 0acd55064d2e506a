import { describe, beforeAll, expect, it } from 'vitest';
import { call, ORIGIN, signInAs, type Browser } from './helpers/http';
import { customerOf, seedTinyCompany } from './helpers/seed';
import type { SeedData } from '../scripts/seed/generate';

// A multipart body whose boundary never appears: no parser can read it.
const BROKEN = { 'content-type': 'multipart/form-data; boundary=x', origin: ORIGIN };
const GARBAGE = 'this is not a multipart body\r\n--y\r\nnope';

let data: SeedData;
let rep: Browser;
let admin: Browser;

beforeAll(async () => {
  data = await seedTinyCompany();
  rep = await signInAs('rep.east1@example.com');
  admin = await signInAs('admin@example.com');
});

/** A broken body sent by a signed-in browser (the CSRF token travels in its header, as htmx sends it). */
function sendBroken(
  browser: Browser | null,
  path: string,
  accept = 'text/html',
  extra: Record<string, string> = {},
) {
  const headers: Record<string, string> = { ...BROKEN, accept, ...extra };
  if (browser)
    Object.assign(headers, { cookie: browser.cookie, 'x-csrf-token': browser.csrfToken });
  return call(path, { method: 'POST', body: GARBAGE, headers });
}

async function expectPage(response: Response) {
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toContain('text/html');
  expect(await response.text()).toContain('role="alert"');
}

async function expectJson(response: Response) {
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({
    error: { code: 'malformed_body', message: expect.any(String) },
  });
}

describe('a malformed multipart body is a 400, never a 500', () => {
  it('on sign-in', async () => {
    await expectPage(await sendBroken(null, '/login'));
  });

  it('on the log-visit form and the visits API', async () => {
    const customer = customerOf(data, 'usr_rep_east1');
    await expectPage(await sendBroken(rep, `/customers/${customer.id}/visits`));
    await expectJson(
      await sendBroken(rep, '/api/v1/visits', 'application/json', {
        'idempotency-key': crypto.randomUUID(),
      }),
    );
  });

  it('on task completion, page and API', async () => {
    await expectPage(await sendBroken(rep, '/tasks/any-task/complete'));
    await expectJson(await sendBroken(rep, '/api/v1/tasks/any-task/complete', 'application/json'));
  });

  it('on admin forms and validated forms', async () => {
    for (const path of ['/admin/campaigns', '/admin/keywords', '/admin/api-tokens'])
      await expectPage(await sendBroken(admin, path));
    await expectPage(await sendBroken(rep, '/settings/locale'));
  });

  it('even when the CSRF token would have been in the broken body', async () => {
    const response = await call('/admin/campaigns', {
      method: 'POST',
      body: GARBAGE,
      headers: { ...BROKEN, cookie: admin.cookie },
    });
    expect(response.status).toBe(400);
  });
});
