import { aliasedTable, and, asc, eq, inArray, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { currentUser, requireCapability } from '../access/guards';
import { inScope } from '../access/scope';
import { escalations, users } from '../db/schema';
import { auditIfMatches } from '../audit/audit-if-matches';
import { HttpError, notFound } from '../http/errors';
import { pageFrame, renderHtml } from '../http/render';
import { validate } from '../http/validate';
import { EscalationsPage } from '../../views/escalations';

const subjectOwner = aliasedTable(users, 'subject_owner');
const escalationParam = z.object({ id: z.string().min(1).max(64) });

/** `/manager/escalations`: open escalations with age and owner; acknowledge, resolve, reassign. */
export const escalationPages = new Hono<AppEnv>()
  .use(requireCapability('watchRegionWall'))
  .get('/', async (c) => {
    const user = currentUser(c);
    const [rows, people] = await c.var.db.batch([
      c.var.db
        // Two joins of users: name both columns, or one shadows the other.
        .select({ escalation: escalations, ownerName: sql<string | null>`${users.name}`.as('owner_name'), repName: sql<string | null>`${subjectOwner.name}`.as('rep_name') })
        .from(escalations)
        .leftJoin(users, eq(users.id, escalations.ownerId))
        .leftJoin(subjectOwner, eq(subjectOwner.id, escalations.subjectOwnerId))
        .where(and(inScope(user, 'escalations'), inArray(escalations.status, ['open', 'acknowledged'])))
        .orderBy(asc(escalations.openedAt))
        .limit(200),
      c.var.db
        .select({ id: users.id, name: users.name, regionId: users.regionId, role: users.role })
        .from(users)
        .where(and(inScope(user, 'users'), inArray(users.role, ['manager', 'rep']), eq(users.active, true)))
        .orderBy(asc(users.role), asc(users.name)),
    ]);
    return renderHtml(c, <EscalationsPage frame={pageFrame(c)} rows={rows} people={people} />);
  })
  .post('/:id/:action{acknowledge|resolve}', validate('param', escalationParam.extend({ action: z.enum(['acknowledge', 'resolve']) })), async (c) => {
    const user = currentUser(c);
    const { id, action } = c.req.valid('param');
    const now = Date.now();
    const change = action === 'acknowledge' ? { status: 'acknowledged' as const, acknowledgedAt: now } : { status: 'resolved' as const, resolvedAt: now };
    const target = and(eq(escalations.id, id), inScope(user, 'escalations'), inArray(escalations.status, action === 'acknowledge' ? ['open'] : ['open', 'acknowledged']));
    const [, updated] = await c.var.db.batch([
      auditIfMatches(c.var.db, { actorId: user.id, action: `escalation.${action}`, subjectType: 'escalation', now }, { table: escalations, id: escalations.id, where: target }),
      c.var.db.update(escalations).set(change).where(target).returning({ id: escalations.id }),
    ]);
    if (updated.length === 0) throw notFound();
    return c.redirect('/manager/escalations', 303);
  })
  .post('/:id/reassign', validate('param', escalationParam), validate('form', z.object({ ownerId: z.string().min(1).max(64) })), async (c) => {
    const user = currentUser(c);
    const { id } = c.req.valid('param');
    const [owner] = await c.var.db
      .select({ id: users.id, regionId: users.regionId })
      .from(users)
      .where(and(eq(users.id, c.req.valid('form').ownerId), inScope(user, 'users'), eq(users.active, true)))
      .limit(1);
    if (!owner) throw new HttpError(422, 'unknown_owner', 'Choose someone in your region.');
    const target = and(eq(escalations.id, id), inScope(user, 'escalations'), eq(escalations.regionId, owner.regionId ?? ''));
    const [, updated] = await c.var.db.batch([
      auditIfMatches(c.var.db, { actorId: user.id, action: 'escalation.reassign', subjectType: 'escalation', detail: { ownerId: owner.id }, now: Date.now() }, { table: escalations, id: escalations.id, where: target }),
      c.var.db.update(escalations).set({ ownerId: owner.id }).where(target).returning({ id: escalations.id }),
    ]);
    if (updated.length === 0) throw notFound();
    return c.redirect('/manager/escalations', 303);
  });
