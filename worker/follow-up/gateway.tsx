/**
 * The company's outbound channel for customers: one signed webhook (Standard Webhooks) to its SMS
 * or e-mail gateway, set by an admin at /admin/customer-gateway. It is a notification route of
 * its own (a fixed id, no user or region, so no staff notification ever reaches it); feedback
 * links go out through it as notifications, retried and sent once like every other delivery.
 */
import { Hono, type Context } from 'hono';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { auditLog, notificationRoutes } from '../platform/db/schema';
import { readForm } from '../platform/http/request';
import { standardWebhooksKey } from '../webhooks/signatures';
import { CUSTOMER_GATEWAY_ROUTE_ID } from './rules';
import { GatewayPage, type GatewaySetting } from '../../views/follow-up/gateway-page';

const gatewayForm = z.object({
  url: z.url({ protocol: /^https$/ }).max(500),
  // Empty: keep the secret already saved.
  secret: z
    .string()
    .trim()
    .max(200)
    .refine((secret) => secret === '' || standardWebhooksKey(secret) !== null),
  active: z.literal('on').optional(),
});

/** What the page shows of the secret: enough to recognise it, never the whole. */
export function maskedSecret(secret: string | null): string | null {
  return secret ? `whsec_…${secret.slice(-4)}` : null;
}

async function currentSetting(c: Context<AppEnv>): Promise<GatewaySetting | null> {
  const [row] = await c.var.db
    .select()
    .from(notificationRoutes)
    .where(eq(notificationRoutes.id, CUSTOMER_GATEWAY_ROUTE_ID))
    .limit(1);
  return row
    ? {
        url: row.url,
        maskedSecret: maskedSecret(row.secret),
        active: row.active,
        linkOrigin: row.linkOrigin,
      }
    : null;
}

export const customerGatewayAdmin = new Hono<AppEnv>()
  .get('/', async (c) =>
    c.render(
      <GatewayPage setting={await currentSetting(c)} saved={c.req.query('saved') === '1'} />,
    ),
  )
  .post('/', async (c) => {
    const body = await readForm(c);
    const form = gatewayForm.safeParse(body);
    const setting = await currentSetting(c);
    if (!form.success || (!form.data.secret && !setting?.maskedSecret)) {
      c.status(422);
      return c.render(<GatewayPage setting={setting} error />);
    }
    const now = Date.now();
    const values = {
      url: form.data.url,
      active: form.data.active === 'on',
      // Links in customers' messages point to the address the admin configures it from.
      linkOrigin: new URL(c.req.url).origin,
      ...(form.data.secret ? { secret: form.data.secret } : {}),
    };
    await c.var.db.batch([
      c.var.db
        .insert(notificationRoutes)
        .values({
          id: CUSTOMER_GATEWAY_ROUTE_ID,
          name: 'Customers’ gateway',
          channel: 'webhook',
          secret: form.data.secret,
          ratePerMinute: 120,
          createdAt: now,
          ...values,
        })
        .onConflictDoUpdate({ target: notificationRoutes.id, set: values }),
      c.var.db.insert(auditLog).values({
        id: crypto.randomUUID(),
        actorId: currentUser(c).id,
        action: 'gateway.saved',
        subjectType: 'route',
        subjectId: CUSTOMER_GATEWAY_ROUTE_ID,
        // Never the secret: only whether it changed.
        detail: {
          url: values.url,
          active: values.active,
          secretChanged: Boolean(form.data.secret),
        },
        createdAt: now,
      }),
    ]);
    return c.redirect('/admin/customer-gateway?saved=1', 303);
  });
