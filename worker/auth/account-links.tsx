import { and, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { sessions, users } from '../platform/db/schema';
import { clientAddress, readForm } from '../platform/http/request';
import { homePathFor } from '../platform/access/policy';
import { accountTokenPath, type AccountTokenPurpose } from './account-rules';
import { fieldErrors, newPasswordForm } from './account-input';
import { issueAccountToken, redeemAccountToken, usableAccountToken } from './account-tokens';
import { hashPassword } from './password';
import { prepareSession, sessionTtlMs, setSessionCookie } from './sessions';
import { reserveAttempt } from './sign-in';
import { ACCOUNT_POLICY, attemptRefusedForMs } from './throttle-policy';
import { DeadLinkPage, ForgotPasswordPage, SetPasswordPage } from '../../views/auth/account-links';

async function showLink(c: Context<AppEnv>, purpose: AccountTokenPurpose) {
  const token = c.req.param('token') ?? '';
  const link = await usableAccountToken(c.var.db, purpose, token, Date.now());
  if (!link) {
    c.status(410);
    return c.render(<DeadLinkPage />);
  }
  return c.render(
    <SetPasswordPage
      purpose={purpose}
      action={accountTokenPath(purpose, token)}
      name={link.name}
    />,
  );
}

/** Sets the password through a one-time link, spends the link and signs the user in. */
async function useLink(c: Context<AppEnv>, purpose: AccountTokenPurpose) {
  const token = c.req.param('token') ?? '';
  const now = Date.now();
  const link = await usableAccountToken(c.var.db, purpose, token, now);
  if (!link) {
    c.status(410);
    return c.render(<DeadLinkPage />);
  }
  const form = newPasswordForm.safeParse(await readForm(c));
  if (!form.success) {
    c.status(400);
    return c.render(
      <SetPasswordPage
        purpose={purpose}
        action={accountTokenPath(purpose, token)}
        name={link.name}
        errors={fieldErrors(form.error.issues)}
      />,
    );
  }
  const userId = await redeemAccountToken(c.var.db, {
    purpose,
    token,
    passwordHash: await hashPassword(form.data.password),
    now,
  });
  if (!userId) {
    c.status(410);
    return c.render(<DeadLinkPage />);
  }
  const { row, started } = await prepareSession({
    userId,
    ip: clientAddress(c),
    userAgent: c.req.header('user-agent') ?? null,
    now,
    ttlMs: sessionTtlMs(c.env),
  });
  const [, [user]] = await c.var.db.batch([
    c.var.db.insert(sessions).values(row),
    c.var.db.select({ role: users.role }).from(users).where(eq(users.id, userId)),
  ]);
  setSessionCookie(c, started);
  return c.redirect(homePathFor(user!.role), 303);
}

const forgotForm = z.object({ email: z.string().trim().toLowerCase().email().max(254) });

/**
 * Invitations (/invite/:token), resets (/reset/:token) and "Forgot password?" (/forgot). The
 * answer to /forgot is the same whether or not the address has an account, and requests for
 * one address are throttled like sign-ins so nobody can flood a user's chats with links.
 */
export const accountLinkRoutes = new Hono<AppEnv>()
  .get('/invite/:token', (c) => showLink(c, 'invite'))
  .post('/invite/:token', (c) => useLink(c, 'invite'))
  .get('/reset/:token', (c) => showLink(c, 'reset'))
  .post('/reset/:token', (c) => useLink(c, 'reset'))
  .get('/forgot', (c) => c.render(<ForgotPasswordPage />))
  .post('/forgot', async (c) => {
    const form = forgotForm.safeParse(await readForm(c));
    if (!form.success) {
      c.status(400);
      return c.render(<ForgotPasswordPage errors={{ email: 'setup.emailInvalid' }} />);
    }
    const { email } = form.data;
    const now = Date.now();
    const [reserved] = await reserveAttempt(c.var.db, `reset:${email}`, now, ACCOUNT_POLICY);
    if (attemptRefusedForMs(reserved!, now, ACCOUNT_POLICY) === 0) {
      const [user] = await c.var.db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.email, email), eq(users.active, true)))
        .limit(1);
      if (user) {
        const issued = await issueAccountToken(c.var.db, {
          userId: user.id,
          purpose: 'reset',
          createdBy: null,
          origin: new URL(c.req.url).origin,
          now,
        });
        await c.var.db.batch(issued.statements as [(typeof issued.statements)[number]]);
      }
    }
    return c.render(<ForgotPasswordPage sent />);
  });
