import { Hono, type Context } from 'hono';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { inEditScope, inScope } from '../platform/access/scope';
import type { Viewer } from '../platform/access/policy';
import { aliased } from '../platform/db/aliased';
import type { Database } from '../platform/db/client';
import { cities, customers, users } from '../platform/db/schema';
import { readForm } from '../platform/http/request';
import { validate } from '../platform/http/validate';
import type { MessageKey } from '../platform/i18n';
import { ReassignPage } from '../../views/customers/reassign';
import { REASSIGN_MAX_CUSTOMERS, reassignCustomers } from './reassign';

const id = z.string().min(1).max(64);
const reassignQuery = z.object({
  from: id.optional(),
  customer: id.optional(),
  moved: z.coerce.number().int().min(0).optional(),
  skipped: z.coerce.number().int().min(0).optional(),
  to: id.optional(),
});

/** The reps the viewer may move customers to, and the customers to pick from (one batch). */
async function choices(db: Database, viewer: Viewer, show: { from?: string; customer?: string }) {
  const [reps, book] = await db.batch([
    db
      .select({
        id: users.id,
        name: users.name,
        cityName: aliased(cities.name, 'city_name'),
        cityNameZh: aliased(cities.nameZh, 'city_name_zh'),
      })
      .from(users)
      .leftJoin(cities, eq(cities.id, users.cityId))
      .where(and(eq(users.role, 'rep'), eq(users.active, true), inScope(viewer, 'users')))
      .orderBy(asc(users.name)),
    db
      .select({
        id: customers.id,
        name: customers.name,
        ownerName: aliased(users.name, 'owner_name'),
      })
      .from(customers)
      .innerJoin(users, eq(users.id, customers.ownerId))
      .where(
        and(
          show.customer
            ? eq(customers.id, show.customer)
            : show.from
              ? eq(customers.ownerId, show.from)
              : isNull(customers.id),
          inEditScope(viewer, 'customers'),
          isNull(customers.archivedAt),
        ),
      )
      .orderBy(asc(customers.name))
      .limit(REASSIGN_MAX_CUSTOMERS),
  ]);
  return { reps, book };
}

async function render(
  c: Context<AppEnv>,
  form: {
    from?: string | undefined;
    customer?: string | undefined;
    checked?: string[];
    toUserId?: string | undefined;
    error?: { key: MessageKey; name?: string };
    done?: { moved: number; skipped: number; to: string | undefined };
  },
) {
  const { reps, book } = await choices(c.var.db, currentUser(c), form);
  const t = c.var.t;
  const toName = reps.find((rep) => rep.id === form.done?.to)?.name ?? '';
  const notices = form.done
    ? [
        t('reassign.done', { count: form.done.moved, name: toName }),
        ...(form.done.skipped > 0 ? [t('reassign.skipped', { count: form.done.skipped })] : []),
      ]
    : [];
  if (form.error) c.status(422);
  return c.render(
    <ReassignPage
      reps={reps}
      book={book}
      from={form.from}
      customer={form.customer}
      checked={form.checked ?? book.map((customer) => customer.id)}
      toUserId={form.toUserId}
      error={form.error ? t(form.error.key, { name: form.error.name ?? '' }) : undefined}
      notices={notices}
    />,
  );
}

/** `/customers/reassign`: pick a rep's customers (or one customer) and the rep to move them to. */
export const reassignPages = new Hono<AppEnv>()
  .use('/reassign', requireCapability('reassignCustomers'))
  .get('/reassign', validate('query', reassignQuery), async (c) => {
    const { from, customer, moved, skipped, to } = c.req.valid('query');
    return render(c, {
      from,
      customer,
      done: moved === undefined ? undefined : { moved, skipped: skipped ?? 0, to },
    });
  })
  .post('/reassign', async (c) => {
    const body = await readForm(c);
    const text = (value: unknown) =>
      typeof value === 'string' && value.length > 0 && value.length <= 64 ? value : undefined;
    const raw = body['customerIds[]'];
    const checked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
      .map(text)
      .filter((value): value is string => value !== undefined);
    const from = text(body.from);
    const customer = text(body.customer);
    const toUserId = text(body.toUserId);
    const again = { from, customer, checked, toUserId };
    if (checked.length === 0 || checked.length > REASSIGN_MAX_CUSTOMERS)
      return render(c, { ...again, error: { key: 'reassign.error.noCustomers' } });
    const result = await reassignCustomers(
      c.var.db,
      c.env,
      currentUser(c),
      checked,
      toUserId ?? '',
      Date.now(),
    );
    if (!result.ok)
      return render(c, {
        ...again,
        error:
          result.refusal.code === 'target_not_rep'
            ? { key: 'reassign.error.target' }
            : { key: 'reassign.error.region', name: result.refusal.targetName },
      });
    const done = new URLSearchParams({
      moved: String(result.moved.length + result.alreadyTheirs.length),
      skipped: String(result.outOfScope.length),
      to: result.to.id,
      ...(customer ? { customer } : from ? { from: result.to.id } : {}),
    });
    return c.redirect(`/customers/reassign?${done}`, 303);
  });
