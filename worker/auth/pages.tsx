import { Hono } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { homePathFor } from '../platform/access/policy';
import { signIn } from './sign-in';
import { endSession, SESSION_COOKIE, sessionTtlMs, setSessionCookie } from './sessions';
import {
  clientAddress,
  cookieIsSecure,
  readForm,
  safeRedirectPath,
} from '../platform/http/request';
import { LoginPage } from '../../views/auth/login-page';

const loginForm = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
  next: z.string().optional(),
});

export const authRoutes = new Hono<AppEnv>()
  .get('/login', (c) => {
    if (c.var.user) return c.redirect(homePathFor(c.var.user.role), 303);
    const next = safeRedirectPath(c.req.query('next')) ?? undefined;
    return c.render(<LoginPage next={next} />);
  })
  .post('/login', async (c) => {
    const t = c.var.t;
    const body = await readForm(c);
    const form = loginForm.safeParse(body);
    if (!form.success) {
      const email = typeof body.email === 'string' ? body.email : '';
      c.status(400);
      return c.render(<LoginPage email={email} message={t('login.invalid')} />);
    }
    const { email, password, next } = form.data;
    const now = Date.now();
    const result = await signIn(c.var.db, {
      email,
      password,
      ip: clientAddress(c),
      userAgent: c.req.header('user-agent') ?? null,
      now,
      sessionTtlMs: sessionTtlMs(c.env),
    });
    if (result.outcome === 'throttled') {
      const minutes = Math.ceil(result.retryAfterMs / 60_000);
      c.header('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)));
      c.status(429);
      return c.render(<LoginPage email={email} message={t('login.throttled', { minutes })} />);
    }
    if (result.outcome === 'invalid') {
      c.status(401);
      return c.render(
        <LoginPage
          email={email}
          message={t('login.failed')}
          next={safeRedirectPath(next) ?? undefined}
        />,
      );
    }
    setSessionCookie(c, result.session);
    return c.redirect(safeRedirectPath(next) ?? homePathFor(result.role), 303);
  })
  .post('/logout', async (c) => {
    const authentication = c.var.authentication;
    if (authentication?.method === 'session') await endSession(c.var.db, authentication.sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: cookieIsSecure(c) });
    return c.redirect('/login', 303);
  });
