import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ASSET_PATHS } from '../worker/generated/assets';
import { call, signInAs } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

beforeAll(async () => {
  await seedTinyCompany();
});

describe('security headers', () => {
  it('send a CSP without inline scripts, and the other protections, on pages and JSON', async () => {
    for (const path of ['/login', '/healthz']) {
      const response = await call(path);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('put no inline script or style on a page', async () => {
    const browser = await signInAs('manager.east@example.com');
    for (const path of ['/manager/wall', '/customers']) {
      const html = await (await browser.get(path)).text();
      expect(html, path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/\sstyle="/);
      expect(html).not.toMatch(/\son[a-z]+="/);
    }
  });

  it('keep personal pages out of shared caches', async () => {
    const browser = await signInAs('rep.east1@example.com');
    expect((await browser.get('/customers')).headers.get('cache-control')).toBe(
      'private, no-store',
    );
  });

  it('keep every /api/v1 answer out of caches, cookie or bearer, success or error', async () => {
    const browser = await signInAs('rep.east1@example.com');
    for (const path of [
      '/api/v1/me',
      '/api/v1/customers',
      '/api/v1/today',
      '/api/v1/customers/nope',
      '/api/v1/no-such-endpoint',
    ]) {
      expect((await browser.get(path)).headers.get('cache-control'), path).toBe(
        'private, no-store',
      );
    }
    const refused = await call('/api/v1/me', { headers: { authorization: 'Bearer fw_wrong' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('static assets', () => {
  it('link fingerprinted CSS and the pinned htmx build from this origin only', async () => {
    const html = await (await call('/login')).text();
    expect(ASSET_PATHS.css).toMatch(/^\/assets\/app\.[0-9a-f]{10}\.css$/);
    expect(ASSET_PATHS.htmx).toMatch(/^\/assets\/htmx\.[0-9a-f]{10}\.js$/);
    expect(html).toContain(`href="${ASSET_PATHS.css}"`);
    expect(html).toContain(`src="${ASSET_PATHS.htmx}"`);
    expect(html).not.toMatch(/https?:\/\/(?!fieldwall\.test)/);
  });

  it('serve them from the asset store as immutable, so repeat visits fetch only HTML', async () => {
    for (const [path, type] of [
      [ASSET_PATHS.css, 'text/css'],
      [ASSET_PATHS.htmx, 'javascript'],
    ] as const) {
      const response = await env.ASSETS.fetch(`http://fieldwall.test${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-type')).toContain(type);
      await response.arrayBuffer();
    }
  });

  it('ship htmx 4, the pinned major', async () => {
    const script = await (
      await env.ASSETS.fetch(`http://fieldwall.test${ASSET_PATHS.htmx}`)
    ).text();
    expect(script).toMatch(/version\s*=\s*"4\.\d+\.\d+"/);
  });
});

describe('bad input', () => {
  it('answers unknown API routes with a JSON 404 and unknown pages with an HTML 404', async () => {
    const api = await call('/api/v1/nope', { headers: { authorization: 'Bearer fwk_x' } });
    expect(api.status).toBe(401);
    const page = await call('/nope');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('refuses bodies over 256 KB with 413', async () => {
    const response = await call('/login', {
      method: 'POST',
      body: 'x'.repeat(300 * 1024),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(413);
  });

  it('answers a bad query on the API with 400 and the field at fault', async () => {
    const browser = await signInAs('rep.east1@example.com');
    const response = await browser.get('/api/v1/customers?limit=1000&cursor=%%%');
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { code: string; details: { path: string }[] };
    };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.details.map((d) => d.path).sort()).toEqual(['cursor', 'limit']);
  });
});
