/**
 * `/nurture`: the customers the follow-up sequence moved to the nurture pool (no response 15 days
 * after their first visit), for managers (their region) and the director. "Work it" gives the
 * customer to a rep of its region (the usual reassignment, book and timers) and takes it out of
 * the pool.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { editableById, inScope, placeableOwners } from '../platform/access/scope';
import { aliased } from '../platform/db/aliased';
import { cities, customers, users } from '../platform/db/schema';
import { recordChange } from '../platform/audit/record-change';
import { readForm } from '../platform/http/request';
import { validate } from '../platform/http/validate';
import { customerIdParam } from '../customers/customer-input';
import { reassignCustomers } from '../customers/reassign';
import { NurturePage, NurtureRows } from '../../views/follow-up/nurture-page';
import { keysetCursor, pageOf } from '../platform/db/keyset';
import { isHtmx } from '../platform/http/request';

const owner = aliased(users.name, 'owner_name');

/** Customers per page of the pool, longest dormant first. */
const POOL_PAGE = 50;

async function renderPool(
  c: Context<AppEnv>,
  notice?: { worked?: string | undefined; error?: string },
  after?: string,
) {
  const viewer = currentUser(c);
  const db = c.var.db;
  const dormantSince = sql<number>`coalesce(${customers.dormantAt}, 0)`;
  const [since, lastId] = after
    ? [Number(after.split('.')[0]), after.slice(after.indexOf('.') + 1)]
    : [];
  const [rows, reps] = await db.batch([
    db
      .select({
        id: customers.id,
        name: customers.name,
        regionId: customers.regionId,
        ownerName: owner,
        cityName: aliased(cities.name, 'city_name'),
        cityNameZh: aliased(cities.nameZh, 'city_name_zh'),
        dormantAt: customers.dormantAt,
      })
      .from(customers)
      .innerJoin(users, eq(users.id, customers.ownerId))
      .innerJoin(cities, eq(cities.id, customers.cityId))
      .where(
        and(
          inScope(viewer, 'customers'),
          eq(customers.dormant, true),
          isNull(customers.archivedAt),
          after ? sql`(${dormantSince}, ${customers.id}) > (${since}, ${lastId})` : undefined,
        ),
      )
      .orderBy(asc(dormantSince), asc(customers.id))
      .limit(POOL_PAGE + 1),
    db
      .select({ id: users.id, name: users.name, regionId: users.regionId })
      .from(users)
      .where(placeableOwners(viewer, 'customers'))
      .orderBy(asc(users.name)),
  ]);
  const page = pageOf(rows, POOL_PAGE, (row) => row.dormantAt ?? 0);
  const nextHref = page.nextCursor ? `/nurture?after=${encodeURIComponent(page.nextCursor)}` : null;
  if (after && isHtmx(c) && c.req.header('hx-history-restore-request') !== 'true')
    return c.render(<NurtureRows customers={page.items} reps={reps} nextHref={nextHref} />);
  c.status(notice?.error ? 422 : 200);
  return c.render(
    <NurturePage customers={page.items} reps={reps} nextHref={nextHref} {...notice} />,
  );
}

const poolQuery = z.object({
  worked: z.string().max(200).optional(),
  after: keysetCursor.optional(),
});

export const nurturePages = new Hono<AppEnv>()
  .use(requireCapability('reassignCustomers'))
  .get('/', validate('query', poolQuery), (c) => {
    const { worked, after } = c.req.valid('query');
    return renderPool(c, { worked }, after);
  })
  .post('/:id/work', validate('param', customerIdParam), async (c) => {
    const viewer = currentUser(c);
    const { id } = c.req.valid('param');
    const rep = z
      .string()
      .min(1)
      .max(64)
      .safeParse((await readForm(c)).repId);
    if (!rep.success) return renderPool(c, { error: c.var.t('nurture.error.rep') });
    const db = c.var.db;
    const now = Date.now();
    const moved = await reassignCustomers(db, c.env, viewer, [id], rep.data, now);
    if (!moved.ok) return renderPool(c, { error: moved.refusal.message });
    if (moved.outOfScope.length > 0) return renderPool(c, { error: c.var.t('error.notFound') });
    // Out of the pool; `dormant_at` stays as history (the sequence never puts it back).
    await db.batch([
      db
        .update(customers)
        .set({ dormant: false, lifecycleStage: 'onboarding', updatedAt: now })
        .where(
          and(editableById(viewer, 'customers', customers.id, id), eq(customers.dormant, true)),
        ),
      recordChange(db, {
        actorId: viewer.id,
        action: 'customer.reactivated',
        subjectType: 'customer',
        subjectId: id,
        customerId: id,
        before: { lifecycleStage: 'nurture' },
        after: { lifecycleStage: 'onboarding', owner: moved.to.name },
        now,
      }),
    ]);
    return c.redirect(`/nurture?worked=${encodeURIComponent(moved.to.name)}`, 303);
  });
