import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv, SignedInUser } from '../worker/platform/app-env';
import { pageRenderer } from '../worker/platform/http/render';
import { translator } from '../worker/platform/i18n';
import { PostButton } from '../views/platform/layout';
import { usePage } from '../views/platform/page';
import { call, signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

const someone: SignedInUser = {
  id: 'usr_1',
  role: 'manager',
  regionId: 'reg_east',
  cityId: null,
  name: 'Mei Chen',
  email: 'mei@example.com',
  locale: 'zh-CN',
  timeZone: 'Asia/Urumqi',
  regionName: 'East',
  regionNameZh: '华东',
  unreadNotifications: 0,
};

function Signature() {
  const { user, timeZone, path, t } = usePage();
  return <p id="signature">{`${user?.name} · ${timeZone} · ${path} · ${t('nav.signOut')}`}</p>;
}

function Card({ children }: { children?: unknown }) {
  return <section>{children}</section>;
}

describe('pages render with the request in context', () => {
  it('a component nested two levels deep reads the user, zone, path, translator and CSRF token of the request', async () => {
    const app = new Hono<AppEnv>()
      .use(pageRenderer)
      .use(async (c, next) => {
        c.set('user', someone);
        c.set('authentication', { method: 'session', sessionId: 's', csrfToken: 'token-123' });
        c.set('locale', 'zh-CN');
        c.set('t', translator('zh-CN'));
        await next();
      })
      .get('/here', (c) =>
        c.render(
          <Card>
            <Card>
              <Signature />
              <PostButton action="/logout" label="x" />
            </Card>
          </Card>,
        ),
      );
    const response = await app.request('/here');
    const html = await response.text();
    expect(html).toContain(
      `<p id="signature">Mei Chen · Asia/Urumqi · /here · ${translator('zh-CN')('nav.signOut')}</p>`,
    );
    expect(html).toContain('name="_csrf" value="token-123"');
    // A fragment: no layout, no doctype, still never cached.
    expect(html.startsWith('<section>')).toBe(true);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('through the worker', () => {
  let manager: Browser;
  beforeAll(async () => {
    await seedTinyCompany();
    manager = await signInAs('manager.east@example.com');
  });

  it('a full page starts with the doctype, carries the signed-in CSRF token and is not cached', async () => {
    const response = await manager.get('/customers');
    const html = await response.text();
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(html).toContain(`name="_csrf" value="${manager.csrfToken}"`);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it('the htmx search answers the rows only, without the layout', async () => {
    const response = await manager.get('/customers?q=a', { 'hx-request': 'true' });
    const html = await response.text();
    expect(html).not.toContain('<html');
    expect(html).not.toContain('<!doctype');
    expect(html).toContain('<li');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it('an error page is a full page too', async () => {
    const response = await call('/no-such-page');
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });
});
