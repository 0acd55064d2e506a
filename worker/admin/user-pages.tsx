import { Hono, type Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { ROLES } from '../platform/db/schema';
import { currentUser } from '../platform/access/guards';
import { notFound } from '../platform/http/errors';
import { recordChange } from '../platform/audit/record-change';
import { readForm, textFields, type FormBody } from '../platform/http/request';
import { SUBMISSION_KEY_FIELD, submitOnce, takeOneTimeSecret } from '../platform/http/submit-once';
import { fieldErrors } from '../auth/account-input';
import { issueAccountToken } from '../auth/account-tokens';
import { placementErrors, userFilters, userForm } from './user-input';
import {
  createUserStatements,
  emailTaken,
  listUsers,
  regionOfCity,
  updateUser,
  userById,
  userChoices,
  type UserRow,
} from './users';
import { UserEditPage, UserNewPage, UsersPage } from '../../views/admin/users';
import type { Errors } from '../../views/admin/form-field';

/** The form parsed and checked against the database (unique email, city inside region). */
async function checkedUser(c: Context<AppEnv>, body: FormBody, exceptId?: string) {
  const form = userForm.safeParse(body);
  if (!form.success) return { errors: fieldErrors(form.error.issues) as Errors };
  const input = form.data;
  const [taken, cityRegionId] = await Promise.all([
    emailTaken(c.var.db, input.email, exceptId),
    regionOfCity(c.var.db, input.cityId),
  ]);
  if (taken) return { errors: { email: 'users.emailTaken' } as Errors };
  const placement = placementErrors({ ...input, cityRegionId });
  if (Object.keys(placement).length) return { errors: placement as Errors };
  return { input };
}

async function userOr404(c: Context<AppEnv>): Promise<UserRow> {
  const user = await userById(c.var.db, c.req.param('id') ?? '');
  if (!user) throw notFound();
  return user;
}

/**
 * /admin/users: a paged list filtered by region and role, creation (which sends an invitation and
 * shows its link once), editing, and a password reset link shown once. Every change is audited.
 */
export const userAdmin = new Hono<AppEnv>()
  .get('/', async (c) => {
    const filters = userFilters.parse(c.req.query());
    const page = await listUsers(c.var.db, filters);
    return c.render(<UsersPage page={page} filters={filters} roles={ROLES} />);
  })
  .get('/new', async (c) => c.render(<UserNewPage choices={await userChoices(c.var.db)} />))
  .post('/new', async (c) => {
    const body = await readForm(c);
    return submitOnce(c, 'admin.users.create', body[SUBMISSION_KEY_FIELD], async (key) => {
      const checked = await checkedUser(c, body);
      if (!checked.input) {
        c.status(422);
        return c.render(
          <UserNewPage
            choices={await userChoices(c.var.db)}
            errors={checked.errors}
            typed={textFields(body)}
          />,
        );
      }
      const now = Date.now();
      const actorId = currentUser(c).id;
      const created = await createUserStatements(c.var.db, checked.input, actorId, now);
      const invitation = await issueAccountToken(c.var.db, {
        userId: created.id,
        purpose: 'invite',
        createdBy: actorId,
        origin: new URL(c.req.url).origin,
        now,
      });
      return {
        location: `/admin/users/${created.id}?link=${encodeURIComponent(key)}`,
        statements: [...created.statements, ...invitation.statements],
        secret: JSON.stringify({ purpose: 'invite', link: invitation.link }),
      };
    });
  })
  .get('/:id', async (c) => {
    const user = await userOr404(c);
    // After creating or resetting, the redirect shows the link here once; a reload no longer does.
    const secret = await takeOneTimeSecret(c, c.req.query('link'));
    return c.render(
      <UserEditPage
        user={user}
        choices={await userChoices(c.var.db)}
        shownLink={secret ? (JSON.parse(secret) as { purpose: string; link: string }) : undefined}
      />,
    );
  })
  .post('/:id', async (c) => {
    const user = await userOr404(c);
    const body = await readForm(c);
    const checked = await checkedUser(c, body, user.id);
    if (!checked.input) {
      c.status(422);
      return c.render(
        <UserEditPage
          user={user}
          choices={await userChoices(c.var.db)}
          errors={checked.errors}
          typed={textFields(body)}
        />,
      );
    }
    await updateUser(c.var.db, user, checked.input, currentUser(c).id, Date.now());
    return c.redirect(`/admin/users/${user.id}`, 303);
  })
  .post('/:id/reset', async (c) => {
    const user = await userOr404(c);
    const body = await readForm(c);
    return submitOnce(c, 'admin.users.reset', body[SUBMISSION_KEY_FIELD], async (key) => {
      const actorId = currentUser(c).id;
      const now = Date.now();
      const issued = await issueAccountToken(c.var.db, {
        userId: user.id,
        purpose: 'reset',
        createdBy: actorId,
        origin: new URL(c.req.url).origin,
        now,
      });
      const audit = recordChange(c.var.db, {
        actorId,
        action: 'user.password_reset_started',
        subjectType: 'user',
        subjectId: user.id,
        customerId: null,
        now,
      });
      return {
        location: `/admin/users/${user.id}?link=${encodeURIComponent(key)}`,
        statements: [...issued.statements, audit],
        secret: JSON.stringify({ purpose: 'reset', link: issued.link }),
      };
    });
  });
