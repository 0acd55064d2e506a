import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { call, signInAs, type Browser } from './helpers/http';
import { customerOf, seedTinyCompany } from './helpers/seed';

let data: SeedData;
let admin: Browser;

beforeAll(async () => {
  data = await seedTinyCompany();
  admin = await signInAs('admin@example.com');
});

async function issueToken(email: string, name = 'CRM sync'): Promise<string> {
  const response = await admin.submit('/admin/api-tokens', { name, email });
  expect(response.status).toBe(303);
  const token = /class="mono">(fwk_[\w-]+)</.exec(
    await (await admin.get(response.headers.get('location')!)).text(),
  )?.[1];
  if (!token) throw new Error('no token on the page');
  return token;
}

const bearer = (token: string, path: string) =>
  call(path, { headers: { authorization: `Bearer ${token}` } });

describe('API tokens', () => {
  it('an admin issues a token that acts as the chosen user, with that user’s scope', async () => {
    const token = await issueToken('manager.east@example.com');
    const me = await bearer(token, '/api/v1/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      email: 'manager.east@example.com',
      role: 'manager',
      regionId: 'reg_east',
    });
    expect(
      (await bearer(token, `/api/v1/customers/${customerOf(data, 'usr_rep_east1').id}`)).status,
    ).toBe(200);
    expect(
      (await bearer(token, `/api/v1/customers/${customerOf(data, 'usr_rep_west1').id}`)).status,
    ).toBe(404);
  });

  it('stores only a hash of the token', async () => {
    const token = await issueToken('rep.east1@example.com', 'Phone app');
    const { results } = await env.DB.prepare('SELECT token_hash FROM api_tokens').all<{
      token_hash: string;
    }>();
    expect(results.some((row) => row.token_hash === token)).toBe(false);
    expect(results.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);
  });

  it('a revoked token stops working at once', async () => {
    const token = await issueToken('rep.east1@example.com', 'To revoke');
    expect((await bearer(token, '/api/v1/me')).status).toBe(200);
    const row = await env.DB.prepare("SELECT id FROM api_tokens WHERE name = 'To revoke'").first<{
      id: string;
    }>();
    const revoked = await admin.post(`/admin/api-tokens/${row!.id}/revoke`);
    expect(revoked.status).toBe(303);
    const after = await bearer(token, '/api/v1/me');
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: { code: 'invalid_token' } });
  });

  it('answers an unknown or malformed bearer token with 401 JSON', async () => {
    for (const header of ['Bearer fwk_nope', 'Bearer', 'Basic abc']) {
      const response = await call('/api/v1/me', { headers: { authorization: header } });
      expect(response.status, header).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'invalid_token',
      );
    }
  });

  it('re-renders the form with a message for an unknown user or a missing label', async () => {
    const unknown = await admin.submit('/admin/api-tokens', {
      name: 'x',
      email: 'ghost@example.com',
    });
    expect(unknown.status).toBe(422);
    const html = await unknown.text();
    expect(html).toContain('No active user has that email.');
    expect(html).toContain('value="ghost@example.com"');
    const unlabeled = await admin.submit('/admin/api-tokens', {
      name: ' ',
      email: 'rep.east1@example.com',
    });
    expect(await unlabeled.text()).toContain('Give the token a label');
  });

  it('records issue and revocation in the audit log', async () => {
    const { results } = await env.DB.prepare(
      "SELECT action, actor_id FROM audit_log WHERE action LIKE 'api_token.%'",
    ).all<{ action: string; actor_id: string }>();
    expect(results.map((r) => r.action)).toContain('api_token.created');
    expect(results.map((r) => r.action)).toContain('api_token.revoked');
    expect(results.every((r) => r.actor_id === 'usr_admin')).toBe(true);
  });

  it('a bearer token needs no CSRF token (it is not an ambient credential)', async () => {
    const token = await issueToken('rep.east1@example.com', 'no csrf');
    const response = await call('/api/v1/customers?limit=1', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
  });
});
