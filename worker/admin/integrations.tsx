import { aliasedTable, and, asc, desc, eq, inArray, ne, not } from 'drizzle-orm';
import { aliased, aliasedColumns } from '../platform/db/aliased';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { randomToken } from '../auth/crypto';
import {
  auditLog,
  keywordRules,
  notificationRoutes,
  notifications,
  regions,
  ROUTE_CHANNELS,
  users,
  webhookSources,
} from '../platform/db/schema';
import { notFound } from '../platform/http/errors';
import { auditIfMatches } from '../platform/audit/audit-if-matches';
import { validate } from '../platform/http/validate';
import { SUBMISSION_KEY_FIELD, submitOnce, takeOneTimeSecret } from '../platform/http/submit-once';
import type { MessageKey } from '../platform/i18n';
import {
  DeliveriesPage,
  KeywordsPage,
  RoutesPage,
  SourcesPage,
} from '../../views/admin/integrations';
import { readForm } from '../platform/http/request';
import { CUSTOMER_GATEWAY_ROUTE_ID } from '../follow-up/rules';

const idParam = z.object({ id: z.string().min(1).max(64) });
const recipient = aliasedTable(users, 'recipient');

const audit = (
  c: Context<AppEnv>,
  action: string,
  subjectType: string,
  subjectId: string,
  detail?: Record<string, unknown>,
) =>
  c.var.db.insert(auditLog).values({
    id: crypto.randomUUID(),
    actorId: currentUser(c).id,
    action,
    subjectType,
    subjectId,
    detail: detail ?? null,
    createdAt: Date.now(),
  });

/** An audit entry only when the change below it in the batch applies. */
const auditIf = (
  c: Context<AppEnv>,
  action: string,
  subject: Parameters<typeof auditIfMatches>[2],
) =>
  auditIfMatches(
    c.var.db,
    { actorId: currentUser(c).id, action, subjectType: action.split('.')[0]!, now: Date.now() },
    subject,
  );

/** `/admin/deliveries`: every outbound notification with its status, attempts and last error. */
export const deliveriesAdmin = new Hono<AppEnv>()
  .get('/', async (c) => {
    const rows = await c.var.db
      .select({
        id: notifications.id,
        channel: notifications.channel,
        status: notifications.status,
        attempts: notifications.attempts,
        lastError: notifications.lastError,
        title: notifications.title,
        body: notifications.body,
        titleKey: notifications.titleKey,
        bodyKey: notifications.bodyKey,
        messageParams: notifications.messageParams,
        createdAt: notifications.createdAt,
        routeName: aliased(notificationRoutes.name, 'route_name'),
        recipientName: aliased(recipient.name, 'recipient_name'),
      })
      .from(notifications)
      .leftJoin(notificationRoutes, eq(notificationRoutes.id, notifications.routeId))
      .leftJoin(recipient, eq(recipient.id, notifications.recipientId))
      .where(ne(notifications.channel, 'inbox'))
      .orderBy(desc(notifications.createdAt))
      .limit(200);
    return c.render(
      <DeliveriesPage
        rows={rows}
        notice={c.req.query('retried') ? c.var.t('deliveries.retried') : undefined}
      />,
    );
  })
  .post('/:id/retry', validate('param', idParam), async (c) => {
    const { id } = c.req.valid('param');
    const retryable = and(
      eq(notifications.id, id),
      ne(notifications.channel, 'inbox'),
      inArray(notifications.status, ['pending', 'sending', 'failed']),
    );
    const [, reset] = await c.var.db.batch([
      auditIf(c, 'delivery.retry', {
        table: notifications,
        id: notifications.id,
        where: retryable,
      }),
      c.var.db
        .update(notifications)
        .set({ status: 'pending', claimedUntil: null, dueAt: Date.now() })
        .where(retryable)
        .returning({ id: notifications.id }),
    ]);
    if (reset.length === 0) throw notFound();
    await c.env.WORK_QUEUE.send({ kind: 'notification.deliver', notificationId: id });
    return c.redirect('/admin/deliveries?retried=1', 303);
  });

const routeForm = z.object({
  name: z.string().trim().min(1).max(80),
  channel: z.enum(ROUTE_CHANNELS),
  url: z.url({ protocol: /^https$/ }).max(500),
  secret: z.string().trim().max(200).optional(),
  userEmail: z.string().trim().toLowerCase().max(254).optional(),
  regionId: z.string().max(64).optional(),
  ratePerMinute: z.coerce.number().int().min(1).max(600),
});

async function renderRoutes(
  c: Context<AppEnv>,
  error?: MessageKey,
  values?: Record<string, string>,
) {
  const [routes, regionRows] = await c.var.db.batch([
    c.var.db
      .select({
        route: aliasedColumns(notificationRoutes, 'route'),
        userEmail: aliased(users.email, 'user_email'),
      })
      .from(notificationRoutes)
      .leftJoin(users, eq(users.id, notificationRoutes.userId))
      // The customers' gateway has its own page (/admin/customer-gateway).
      .where(ne(notificationRoutes.id, CUSTOMER_GATEWAY_ROUTE_ID))
      .orderBy(asc(notificationRoutes.name)),
    c.var.db.select().from(regions).orderBy(asc(regions.code)),
  ]);
  c.status(error ? 422 : 200);
  return c.render(
    <RoutesPage
      routes={routes.map((r) => ({ ...r.route, userEmail: r.userEmail }))}
      regions={regionRows}
      channels={ROUTE_CHANNELS}
      error={error}
      values={values}
    />,
  );
}

/** `/admin/routes`: which chat robots and webhooks a user's or a region's notifications reach. */
export const routesAdmin = new Hono<AppEnv>()
  .get('/', (c) => renderRoutes(c))
  .post('/', async (c) => {
    const body = Object.fromEntries(
      Object.entries(await readForm(c)).filter(([, v]) => typeof v === 'string'),
    ) as Record<string, string>;
    return submitOnce(c, 'admin.routes.create', body[SUBMISSION_KEY_FIELD], async () => {
      const form = routeForm.safeParse(body);
      if (!form.success) return renderRoutes(c, 'routes.error', body);
      const { userEmail, regionId } = form.data;
      const [user] = userEmail
        ? await c.var.db
            .select({ id: users.id })
            .from(users)
            .where(eq(users.email, userEmail))
            .limit(1)
        : [];
      const region = regionId
        ? (
            await c.var.db
              .select({ id: regions.id })
              .from(regions)
              .where(eq(regions.id, regionId))
              .limit(1)
          )[0]
        : undefined;
      // Exactly one audience: a user, or a region.
      if (Boolean(user) === Boolean(region) || (userEmail && !user))
        return renderRoutes(c, 'routes.error', body);
      const id = crypto.randomUUID();
      // The same target from another form is ignored by the unique index, audit and all.
      return {
        location: '/admin/routes',
        statements: [
          c.var.db
            .insert(notificationRoutes)
            .values({
              id,
              name: form.data.name,
              channel: form.data.channel,
              url: form.data.url,
              secret: form.data.secret || null,
              userId: user?.id ?? null,
              regionId: region?.id ?? null,
              ratePerMinute: form.data.ratePerMinute,
              createdAt: Date.now(),
            })
            .onConflictDoNothing(),
          auditIf(c, 'route.created', {
            table: notificationRoutes,
            id: notificationRoutes.id,
            where: eq(notificationRoutes.id, id),
          }),
        ],
      };
    });
  })
  .post('/:id/toggle', validate('param', idParam), async (c) => {
    const { id } = c.req.valid('param');
    const [, toggled] = await c.var.db.batch([
      auditIf(c, 'route.toggled', {
        table: notificationRoutes,
        id: notificationRoutes.id,
        where: eq(notificationRoutes.id, id),
      }),
      c.var.db
        .update(notificationRoutes)
        .set({ active: not(notificationRoutes.active) })
        .where(eq(notificationRoutes.id, id))
        .returning({ id: notificationRoutes.id }),
    ]);
    if (toggled.length === 0) throw notFound();
    return c.redirect('/admin/routes', 303);
  });

const keywordForm = z.object({
  keyword: z.string().trim().toLowerCase().min(1).max(40),
  language: z.enum(['en', 'zh']),
});

async function renderKeywords(c: Context<AppEnv>, error?: MessageKey) {
  const keywords = await c.var.db
    .select()
    .from(keywordRules)
    .orderBy(asc(keywordRules.language), asc(keywordRules.keyword));
  c.status(error ? 422 : 200);
  return c.render(<KeywordsPage keywords={keywords} error={error} />);
}

/** `/admin/keywords`: the buying keywords that make a message a high-priority lead. */
export const keywordsAdmin = new Hono<AppEnv>()
  .get('/', (c) => renderKeywords(c))
  .post('/', async (c) => {
    const body = await readForm(c);
    return submitOnce(c, 'admin.keywords.create', body[SUBMISSION_KEY_FIELD], async () => {
      const form = keywordForm.safeParse(body);
      if (!form.success) return renderKeywords(c, 'keywords.error');
      const [existing] = await c.var.db
        .select({ id: keywordRules.id })
        .from(keywordRules)
        .where(eq(keywordRules.keyword, form.data.keyword))
        .limit(1);
      if (existing) return renderKeywords(c, 'keywords.exists');
      const id = crypto.randomUUID();
      return {
        location: '/admin/keywords',
        statements: [
          c.var.db
            .insert(keywordRules)
            .values({
              id,
              keyword: form.data.keyword,
              language: form.data.language,
              createdAt: Date.now(),
            })
            .onConflictDoNothing({ target: keywordRules.keyword }),
          auditIf(c, 'keyword.added', {
            table: keywordRules,
            id: keywordRules.id,
            where: eq(keywordRules.id, id),
          }),
        ],
      };
    });
  })
  .post('/:id/toggle', validate('param', idParam), async (c) => {
    const { id } = c.req.valid('param');
    const [, toggled] = await c.var.db.batch([
      auditIf(c, 'keyword.toggled', {
        table: keywordRules,
        id: keywordRules.id,
        where: eq(keywordRules.id, id),
      }),
      c.var.db
        .update(keywordRules)
        .set({ active: not(keywordRules.active) })
        .where(eq(keywordRules.id, id))
        .returning({ id: keywordRules.id }),
    ]);
    if (toggled.length === 0) throw notFound();
    return c.redirect('/admin/keywords', 303);
  });

const sourceForm = z.object({
  name: z.string().trim().min(1).max(80),
  provider: z.enum(['standard', 'generic', 'typeform', 'tally']),
  defaultRegionId: z.string().min(1).max(64),
  mapping: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text?.trim()) return null;
      try {
        const value: unknown = JSON.parse(text);
        if (
          value &&
          typeof value === 'object' &&
          !Array.isArray(value) &&
          Object.values(value).every((v) => typeof v === 'string')
        )
          return value as Record<string, string>;
      } catch {
        // reported below
      }
      ctx.addIssue({ code: 'custom', message: 'mapping' });
      return null;
    }),
});

async function renderSources(
  c: Context<AppEnv>,
  extra: { notice?: string; error?: MessageKey } = {},
) {
  const [sources, regionRows] = await c.var.db.batch([
    c.var.db.select().from(webhookSources).orderBy(asc(webhookSources.name)),
    c.var.db.select().from(regions).orderBy(asc(regions.code)),
  ]);
  c.status(extra.error ? 422 : 200);
  return c.render(
    <SourcesPage
      sources={sources}
      regions={regionRows}
      origin={new URL(c.req.url).origin}
      {...extra}
    />,
  );
}

/** `/admin/sources`: the form sources (and, read-only, the chat platforms) that send webhooks. */
export const sourcesAdmin = new Hono<AppEnv>()
  .get('/', async (c) => {
    // After creating, the redirect lands here once with the new signing secret; a reload no longer shows it.
    const secret = await takeOneTimeSecret(c, c.req.query('created'));
    return renderSources(c, {
      notice: secret ? c.var.t('sources.created', { secret }) : undefined,
    });
  })
  .post('/', async (c) => {
    const body = await readForm(c);
    return submitOnce(c, 'admin.sources.create', body[SUBMISSION_KEY_FIELD], async (key) => {
      const form = sourceForm.safeParse(body);
      if (!form.success) return renderSources(c, { error: 'sources.error' });
      const [region] = await c.var.db
        .select({ id: regions.id })
        .from(regions)
        .where(eq(regions.id, form.data.defaultRegionId))
        .limit(1);
      if (!region) return renderSources(c, { error: 'sources.error' });
      // Standard Webhooks secrets are `whsec_` + base64 of random bytes; Typeform and Tally take any string.
      const secret =
        form.data.provider === 'standard' || form.data.provider === 'generic'
          ? `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))))}`
          : randomToken(24);
      const id = `src_${randomToken(8)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '')}`;
      return {
        location: `/admin/sources?created=${encodeURIComponent(key)}`,
        secret,
        statements: [
          c.var.db.insert(webhookSources).values({
            id,
            provider: form.data.provider,
            name: form.data.name,
            secret,
            config: form.data.mapping,
            defaultRegionId: region.id,
            createdAt: Date.now(),
          }),
          audit(c, 'source.created', 'webhook_source', id, { provider: form.data.provider }),
        ],
      };
    });
  });
