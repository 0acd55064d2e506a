import { eq, notExists, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppEnv } from '../platform/app-env';
import type { Database } from '../platform/db/client';
import { sessions, users } from '../platform/db/schema';
import { auditIfMatches } from '../platform/audit/audit-if-matches';
import { HttpError } from '../platform/http/errors';
import { clientAddress, readForm } from '../platform/http/request';
import { homePathFor } from '../platform/access/policy';
import { hashPassword } from './password';
import { prepareSession, sessionTtlMs, setSessionCookie } from './sessions';
import { reserveAttempt } from './sign-in';
import { ACCOUNT_POLICY, attemptRefusedForMs } from './throttle-policy';
import { setupOpen, setupTokenMatches } from './account-rules';
import { fieldErrors, setupForm } from './account-input';
import { SetupPage } from '../../views/auth/setup-page';

async function adminExists(db: Database): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.role, 'admin'))
    .limit(1);
  return Boolean(row);
}

async function requireSetupOpen(c: { env: Env; var: { db: Database } }) {
  if (!setupOpen(c.env.SETUP_TOKEN, await adminExists(c.var.db)))
    throw new HttpError(404, 'not_found', 'No such page or endpoint.');
}

/**
 * First run: on a database without any admin, the holder of the SETUP_TOKEN secret creates the
 * first admin and is signed in. Once an admin exists (or without a token) the page is gone (404).
 */
export const setupRoutes = new Hono<AppEnv>()
  .get('/setup', async (c) => {
    await requireSetupOpen(c);
    return c.render(<SetupPage />);
  })
  .post('/setup', async (c) => {
    await requireSetupOpen(c);
    const t = c.var.t;
    const body = await readForm(c);
    const text = (field: string) =>
      typeof body[field] === 'string' ? (body[field] as string) : '';
    const kept = { name: text('name'), email: text('email') };
    const now = Date.now();
    const ip = clientAddress(c);

    // Wrong tokens are throttled per address like wrong passwords (5 per 15 minutes).
    const throttleKey = `setup:${ip ?? 'unknown'}`;
    const [reserved] = await reserveAttempt(c.var.db, throttleKey, now, ACCOUNT_POLICY);
    const retryAfterMs = attemptRefusedForMs(reserved!, now, ACCOUNT_POLICY);
    if (retryAfterMs > 0) {
      c.header('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
      c.status(429);
      const minutes = Math.ceil(retryAfterMs / 60_000);
      return c.render(<SetupPage values={kept} message={t('login.throttled', { minutes })} />);
    }
    if (!setupTokenMatches(c.env.SETUP_TOKEN, text('token'))) {
      c.status(403);
      return c.render(<SetupPage values={kept} errors={{ token: 'setup.tokenWrong' }} />);
    }

    const form = setupForm.safeParse(body);
    if (!form.success) {
      c.status(400);
      return c.render(<SetupPage values={kept} errors={fieldErrors(form.error.issues)} />);
    }
    const { name, email, password } = form.data;
    const id = crypto.randomUUID();
    const passwordHash = await hashPassword(password);
    const { row, started } = await prepareSession({
      userId: id,
      ip,
      userAgent: c.req.header('user-agent') ?? null,
      now,
      ttlMs: sessionTtlMs(c.env),
    });
    const db = c.var.db;
    const isNewAdmin = eq(users.id, id);
    // Conditional on "no admin yet" inside the statement: of two racing setups only one inserts;
    // the session and audit entry are written only for the admin this request inserted.
    const [created] = await db.batch([
      db
        .insert(users)
        .select(
          db
            .select({
              id: sql<string>`${id}`.as('id'),
              email: sql<string>`${email}`.as('email'),
              name: sql<string>`${name}`.as('name'),
              role: sql<'admin'>`'admin'`.as('role'),
              regionId: sql<null>`null`.as('region_id'),
              cityId: sql<null>`null`.as('city_id'),
              managerId: sql<null>`null`.as('manager_id'),
              locale: sql<null>`null`.as('locale'),
              phone: sql<null>`null`.as('phone'),
              chatIds: sql<null>`null`.as('chat_ids'),
              passwordHash: sql<string>`${passwordHash}`.as('password_hash'),
              active: sql<boolean>`1`.as('active'),
              createdAt: sql<number>`${now}`.as('created_at'),
            })
            .from(sql`(SELECT 1)`)
            .where(
              notExists(db.select({ id: users.id }).from(users).where(eq(users.role, 'admin'))),
            ),
        )
        .onConflictDoNothing()
        .returning({ id: users.id }),
      db.insert(sessions).select(
        db
          .select({
            id: sql<string>`${row.id}`.as('id'),
            userId: users.id,
            csrfToken: sql<string>`${row.csrfToken}`.as('csrf_token'),
            createdAt: sql<number>`${row.createdAt}`.as('created_at'),
            expiresAt: sql<number>`${row.expiresAt}`.as('expires_at'),
            ip: sql<string | null>`${row.ip}`.as('ip'),
            userAgent: sql<string | null>`${row.userAgent}`.as('user_agent'),
          })
          .from(users)
          .where(isNewAdmin),
      ),
      auditIfMatches(
        db,
        { actorId: id, action: 'user.setup_admin', subjectType: 'user', detail: { email }, now },
        { table: users, id: users.id, where: isNewAdmin },
      ),
    ]);
    if (created.length !== 1) {
      // Another setup won the race, or the address is taken: the page no longer exists.
      throw new HttpError(404, 'not_found', 'No such page or endpoint.');
    }
    setSessionCookie(c, started);
    return c.redirect(homePathFor('admin'), 303);
  });
