import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { listApiTokens, newApiToken, revokeApiToken } from '../auth/api-tokens';
import { users } from '../platform/db/schema';
import { notFound } from '../platform/http/errors';
import { clientAddress } from '../platform/http/request';
import { validate } from '../platform/http/validate';
import { SUBMISSION_KEY_FIELD, submitOnce, takeOneTimeSecret } from '../platform/http/submit-once';
import { ApiTokensPage } from '../../views/admin/api-tokens';
import { readForm } from '../platform/http/request';

const newTokenForm = z.object({
  name: z.string().trim().min(1).max(80),
  email: z.string().trim().toLowerCase().email().max(254),
});

/** Admin issues and revokes bearer tokens; each acts as one user with that user's scope. */
export const apiTokenAdmin = new Hono<AppEnv>()
  .get('/', async (c) => {
    // After issuing, the redirect lands here once with the new token; a reload no longer shows it.
    const issued = await takeOneTimeSecret(c, c.req.query('issued'));
    return c.render(
      <ApiTokensPage
        tokens={await listApiTokens(c.var.db)}
        issued={issued ? (JSON.parse(issued) as { token: string; email: string }) : undefined}
      />,
    );
  })
  .post('/', async (c) => {
    const t = c.var.t;
    const body = await readForm(c);
    return submitOnce(c, 'admin.api_tokens.create', body[SUBMISSION_KEY_FIELD], async (key) => {
      const form = newTokenForm.safeParse(body);
      const typed = { name: String(body.name ?? ''), email: String(body.email ?? '') };
      const rerender = async (error: string) => {
        const tokens = await listApiTokens(c.var.db);
        c.status(422);
        return c.render(<ApiTokensPage tokens={tokens} error={error} form={typed} />);
      };
      if (!form.success)
        return rerender(
          form.error.issues.some((i) => i.path[0] === 'name')
            ? t('tokens.nameRequired')
            : t('tokens.unknownUser'),
        );
      const [subject] = await c.var.db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.email, form.data.email), eq(users.active, true)))
        .limit(1);
      if (!subject) return rerender(t('tokens.unknownUser'));
      const issued = await newApiToken(c.var.db, {
        userId: subject.id,
        name: form.data.name,
        createdBy: currentUser(c).id,
        ip: clientAddress(c),
        now: Date.now(),
      });
      return {
        location: `/admin/api-tokens?issued=${encodeURIComponent(key)}`,
        statements: issued.statements,
        secret: JSON.stringify({ token: issued.token, email: form.data.email }),
      };
    });
  })
  .post('/:id/revoke', validate('param', z.object({ id: z.string().uuid() })), async (c) => {
    const revoked = await revokeApiToken(c.var.db, {
      id: c.req.valid('param').id,
      revokedBy: currentUser(c).id,
      ip: clientAddress(c),
      now: Date.now(),
    });
    if (!revoked) throw notFound();
    return c.redirect('/admin/api-tokens', 303);
  });
