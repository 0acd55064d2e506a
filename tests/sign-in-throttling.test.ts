import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { postForm } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

beforeAll(async () => {
  await seedTinyCompany();
});

const attempt = (email: string, password: string, address: string) =>
  postForm('/login', { email, password }, { 'cf-connecting-ip': address });

describe('sign-in throttling', () => {
  it('locks an account after 5 failures, even with the right password, and says when to retry', async () => {
    for (let i = 1; i <= 5; i++) {
      // Different addresses: the account limit alone must stop a distributed guess.
      expect((await attempt('rep.north1@example.com', `guess-${i}`, `192.0.2.${i}`)).status).toBe(
        401,
      );
    }
    const locked = await attempt('rep.north1@example.com', 'fieldwall-demo', '192.0.2.99');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(await locked.text()).toContain('Too many failed attempts. Try again in 15 min.');
  });

  it('counts 40 parallel wrong passwords one by one: at most 5 reach the password check, then the account is locked', async () => {
    const email = 'rep.east1@example.com';
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => attempt(email, `parallel-${i}`, `198.18.0.${i + 1}`)),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(35);
    const checked = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'login.failed' AND json_extract(detail, '$.email') = ?",
    )
      .bind(email)
      .first<{ n: number }>();
    expect(checked!.n).toBeLessThanOrEqual(5);
    const locked = await attempt(email, 'fieldwall-demo', '198.18.1.1');
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('Too many failed attempts. Try again in 15 min.');
  });

  it('leaves other accounts alone', async () => {
    expect((await attempt('rep.north2@example.com', 'fieldwall-demo', '192.0.2.1')).status).toBe(
      303,
    );
  });

  it('locks an address after 30 failures across many accounts', async () => {
    const address = '203.0.113.200';
    for (let i = 0; i < 30; i++) {
      expect((await attempt(`someone${i}@example.com`, 'x', address)).status).toBe(401);
    }
    expect((await attempt('rep.west1@example.com', 'fieldwall-demo', address)).status).toBe(429);
    expect((await attempt('rep.west1@example.com', 'fieldwall-demo', '203.0.113.201')).status).toBe(
      303,
    );
  });

  it('resets an account’s failure count after a successful sign-in', async () => {
    for (let i = 0; i < 4; i++) await attempt('rep.south2@example.com', 'wrong', '198.51.100.20');
    expect(
      (await attempt('rep.south2@example.com', 'fieldwall-demo', '198.51.100.20')).status,
    ).toBe(303);
    for (let i = 0; i < 4; i++)
      expect((await attempt('rep.south2@example.com', 'wrong', '198.51.100.21')).status).toBe(401);
    expect(
      (await attempt('rep.south2@example.com', 'fieldwall-demo', '198.51.100.21')).status,
    ).toBe(303);
  });
});
