import { aliasedTable, and, asc, count, eq, inArray, lte, sql } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { ESCALATION_OWNER_ROLES, mayOwnEscalation } from '../platform/access/policy';
import { inScope, regionsInScope } from '../platform/access/scope';
import {
  cities,
  customers,
  deals,
  ESCALATION_KINDS,
  escalations,
  leads,
  tasks,
  users,
  visits,
} from '../platform/db/schema';
import { auditIfMatches } from '../platform/audit/audit-if-matches';
import { notFound } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import {
  ESCALATION_AGES,
  EscalationsPage,
  type EscalationFilter,
} from '../../views/escalations/escalations';

const DAY = 86_400_000;
export const ESCALATIONS_PER_PAGE = 50;

const NO_FILTER: EscalationFilter = { kind: null, city: null, rep: null, age: null, page: 1 };
const subjectOwner = aliasedTable(users, 'subject_owner');
const subjectCity = aliasedTable(cities, 'subject_city');
const escalationParam = z.object({ id: z.string().min(1).max(64) });
/** A select left on "all" sends an empty value. */
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const filterQuery = z.object({
  kind: optional(z.enum(ESCALATION_KINDS)),
  city: optional(z.string().max(64)),
  rep: optional(z.string().max(64)),
  /** Due at least this many days ago. */
  age: optional(z.enum(ESCALATION_AGES)),
  page: optional(z.coerce.number().int().min(1).max(100_000)),
});

/** The time an escalation became due; rows from before due times were recorded use their opening. */
const dueTime = sql<number>`coalesce(${escalations.dueAt}, ${escalations.openedAt})`;
/** The customer behind the escalation's deal, lead or visit (or the customer itself), for its link. */
const subjectCustomerId = sql<
  string | null
>`coalesce(${deals.customerId}, ${leads.customerId}, ${visits.customerId}, case when ${escalations.subjectType} = 'customer' then ${escalations.subjectId} end)`;
/** Where the subject is: its task's city, its customer's, or a new lead's own; rows of one task title tell apart by it. */
const subjectCityId = sql<
  string | null
>`coalesce(${tasks.cityId}, ${customers.cityId}, ${leads.cityId})`;

/** The board, filtered and paged; with an error when an action was refused. */
async function renderBoard(
  c: Context<AppEnv>,
  filter: EscalationFilter,
  error?: string,
  onlyId?: string,
) {
  const user = currentUser(c);
  const now = Date.now();
  const where = and(
    inScope(user, 'escalations'),
    inArray(escalations.status, ['open', 'acknowledged']),
    onlyId ? eq(escalations.id, onlyId) : undefined,
    filter.kind ? eq(escalations.kind, filter.kind) : undefined,
    filter.rep ? eq(escalations.subjectOwnerId, filter.rep) : undefined,
    filter.city ? eq(subjectOwner.cityId, filter.city) : undefined,
    filter.age ? lte(dueTime, now - Number(filter.age) * DAY) : undefined,
  );
  const db = c.var.db;
  const [rows, [total], people, cityRows] = await db.batch([
    db
      // Two joins of users: name both columns, or one shadows the other.
      .select({
        escalation: escalations,
        dueAt: dueTime.as('due_time'),
        ownerName: sql<string | null>`${users.name}`.as('owner_name'),
        repName: sql<string | null>`${subjectOwner.name}`.as('rep_name'),
        customerId: subjectCustomerId.as('customer_id'),
        customerName: sql<string | null>`${customers.name}`.as('customer_name'),
        cityName: sql<string | null>`${subjectCity.name}`.as('city_name'),
        cityNameZh: sql<string | null>`${subjectCity.nameZh}`.as('city_name_zh'),
      })
      .from(escalations)
      .leftJoin(users, eq(users.id, escalations.ownerId))
      .leftJoin(subjectOwner, eq(subjectOwner.id, escalations.subjectOwnerId))
      .leftJoin(
        deals,
        and(eq(escalations.subjectType, 'deal'), eq(deals.id, escalations.subjectId)),
      )
      .leftJoin(
        leads,
        and(eq(escalations.subjectType, 'lead'), eq(leads.id, escalations.subjectId)),
      )
      .leftJoin(
        visits,
        and(eq(escalations.subjectType, 'visit'), eq(visits.id, escalations.subjectId)),
      )
      .leftJoin(customers, eq(customers.id, subjectCustomerId))
      .leftJoin(
        tasks,
        and(eq(escalations.subjectType, 'task'), eq(tasks.id, escalations.subjectId)),
      )
      .leftJoin(subjectCity, eq(subjectCity.id, subjectCityId))
      .where(where)
      .orderBy(asc(dueTime), asc(escalations.id))
      .limit(ESCALATIONS_PER_PAGE)
      .offset((filter.page - 1) * ESCALATIONS_PER_PAGE),
    db
      .select({ n: count() })
      .from(escalations)
      .leftJoin(subjectOwner, eq(subjectOwner.id, escalations.subjectOwnerId))
      .where(where),
    db
      .select({
        id: users.id,
        name: users.name,
        regionId: users.regionId,
        cityId: users.cityId,
        role: users.role,
      })
      .from(users)
      .where(
        and(
          inScope(user, 'users'),
          inArray(users.role, [...ESCALATION_OWNER_ROLES]),
          eq(users.active, true),
        ),
      )
      .orderBy(asc(users.role), asc(users.name)),
    db
      .select()
      .from(cities)
      .where(regionsInScope(user, 'escalations', cities.regionId))
      .orderBy(asc(cities.name)),
  ]);
  c.status(error ? 422 : 200);
  return c.render(
    <EscalationsPage
      rows={rows}
      total={total?.n ?? 0}
      perPage={ESCALATIONS_PER_PAGE}
      filter={filter}
      people={people}
      cities={cityRows}
      kinds={ESCALATION_KINDS}
      error={error}
    />,
  );
}

/** `/manager/escalations`: open escalations, oldest due first, filtered and paged; acknowledge, resolve, reassign. */
export const escalationPages = new Hono<AppEnv>()
  .use(requireCapability('watchRegionWall'))
  .get('/', validate('query', filterQuery), async (c) => {
    const query = c.req.valid('query');
    return renderBoard(c, {
      kind: query.kind ?? null,
      city: query.city ?? null,
      rep: query.rep ?? null,
      age: query.age ?? null,
      page: query.page ?? 1,
    });
  })
  // One escalation, where its notification links: the same row and actions as on the board.
  .get('/:id', validate('param', escalationParam), async (c) =>
    renderBoard(c, NO_FILTER, undefined, c.req.valid('param').id),
  )
  .post(
    '/:id/:action{acknowledge|resolve}',
    validate('param', escalationParam.extend({ action: z.enum(['acknowledge', 'resolve']) })),
    async (c) => {
      const user = currentUser(c);
      const { id, action } = c.req.valid('param');
      const now = Date.now();
      const change =
        action === 'acknowledge'
          ? { status: 'acknowledged' as const, acknowledgedAt: now }
          : { status: 'resolved' as const, resolvedAt: now };
      const target = and(
        eq(escalations.id, id),
        inScope(user, 'escalations'),
        inArray(escalations.status, action === 'acknowledge' ? ['open'] : ['open', 'acknowledged']),
      );
      const [, updated] = await c.var.db.batch([
        auditIfMatches(
          c.var.db,
          { actorId: user.id, action: `escalation.${action}`, subjectType: 'escalation', now },
          { table: escalations, id: escalations.id, where: target },
        ),
        c.var.db.update(escalations).set(change).where(target).returning({ id: escalations.id }),
      ]);
      if (updated.length === 0) throw notFound();
      return c.redirect('/manager/escalations', 303);
    },
  )
  .post(
    '/:id/reassign',
    validate('param', escalationParam),
    validate('form', z.object({ ownerId: z.string().min(1).max(64) })),
    async (c) => {
      const user = currentUser(c);
      const { id } = c.req.valid('param');
      const [[escalation], [owner]] = await c.var.db.batch([
        c.var.db
          .select({ regionId: escalations.regionId })
          .from(escalations)
          .where(and(eq(escalations.id, id), inScope(user, 'escalations')))
          .limit(1),
        c.var.db
          .select({ id: users.id, role: users.role, regionId: users.regionId })
          .from(users)
          .where(
            and(
              eq(users.id, c.req.valid('form').ownerId),
              inScope(user, 'users'),
              eq(users.active, true),
            ),
          )
          .limit(1),
      ]);
      if (!escalation) throw notFound();
      // Only people who work the board may be given it: business and legal cannot even open it.
      if (!owner || !mayOwnEscalation(owner, escalation.regionId))
        return renderBoard(c, NO_FILTER, c.var.t('escalations.ownerNotAllowed'));
      const target = and(
        eq(escalations.id, id),
        inScope(user, 'escalations'),
        eq(escalations.regionId, escalation.regionId),
      );
      const [, updated] = await c.var.db.batch([
        auditIfMatches(
          c.var.db,
          {
            actorId: user.id,
            action: 'escalation.reassign',
            subjectType: 'escalation',
            detail: { ownerId: owner.id },
            now: Date.now(),
          },
          { table: escalations, id: escalations.id, where: target },
        ),
        c.var.db
          .update(escalations)
          .set({ ownerId: owner.id })
          .where(target)
          .returning({ id: escalations.id }),
      ]);
      if (updated.length === 0) throw notFound();
      return c.redirect('/manager/escalations', 303);
    },
  );
