import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser, requireCapability } from '../platform/access/guards';
import { notFound } from '../platform/http/errors';
import { readForm } from '../platform/http/request';
import { validate } from '../platform/http/validate';
import type { MessageKey } from '../platform/i18n';
import { DeactivatePage } from '../../views/users/deactivate';
import { hasOpenWork, type HandOverRefusal } from './hand-over';
import { deactivateUser, loadHandOver, reactivateUser, type HandOver } from './deactivate';

const userParam = z.object({ id: z.string().min(1).max(64) });

const REFUSAL_MESSAGE: Record<HandOverRefusal, MessageKey> = {
  successor_required: 'leaver.successorRequired',
  successor_unsuitable: 'leaver.successorUnsuitable',
};

function page(
  c: Context<AppEnv>,
  handOver: HandOver,
  form: { successorId?: string; error?: MessageKey } = {},
) {
  return c.render(
    <DeactivatePage
      handOver={handOver}
      workLeft={hasOpenWork(handOver.work)}
      successorId={form.successorId}
      error={form.error ? c.var.t(form.error) : undefined}
    />,
  );
}

/**
 * A leaver (mounted at /admin/users for signed-in users): admins deactivate anyone, managers
 * their own region's reps (the access policy decides; anyone else gets 404). One POST revokes
 * access and hands the open work over; it is safe to repeat and lands on the same page.
 */
export const deactivatePages = new Hono<AppEnv>()
  .get('/:id/deactivate', validate('param', userParam), async (c) => {
    const handOver = await loadHandOver(c.var.db, currentUser(c), c.req.valid('param').id);
    if (!handOver) throw notFound();
    return page(c, handOver);
  })
  .post('/:id/deactivate', validate('param', userParam), async (c) => {
    const { id } = c.req.valid('param');
    const form = await readForm(c);
    const successorId =
      typeof form.successorId === 'string' && form.successorId ? form.successorId : null;
    const result = await deactivateUser(
      c.var.db,
      c.env,
      currentUser(c),
      id,
      successorId,
      Date.now(),
    );
    if (!result.ok && result.code === 'not_found') throw notFound();
    if (!result.ok) {
      c.status(422);
      return page(c, result.handOver, {
        successorId: successorId ?? undefined,
        error: REFUSAL_MESSAGE[result.code],
      });
    }
    return c.redirect(`/users/${id}/deactivate`, 303);
  })
  .post(
    '/:id/reactivate',
    requireCapability('administer'),
    validate('param', userParam),
    async (c) => {
      const { id } = c.req.valid('param');
      const actor = currentUser(c);
      const handOver = await loadHandOver(c.var.db, actor, id);
      if (!handOver) throw notFound();
      await reactivateUser(c.var.db, actor, id, Date.now());
      return c.redirect(`/users/${id}/deactivate`, 303);
    },
  );
