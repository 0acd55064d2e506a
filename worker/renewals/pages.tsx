import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { mayReadAny } from '../platform/access/policy';
import { notFound } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import { RENEWAL_CHECKLIST } from '../platform/db/schema';
import { getRenewal, listRenewals, setChecklistItem } from './renewals';
import { RenewalListPage, RenewalPage } from '../../views/renewals/renewals';

const renewalParam = z.object({ id: z.string().min(1).max(64) });
const checkParam = renewalParam.extend({
  item: z.enum(RENEWAL_CHECKLIST),
  action: z.enum(['done', 'undo']),
});

/** /renewals: the renewal-preparation lists in the viewer's scope (roles without any get 404). */
export const renewalPages = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (!mayReadAny(currentUser(c), 'renewals')) throw notFound();
    await next();
  })
  .get('/', async (c) => {
    const rows = await listRenewals(c.var.db, currentUser(c), Date.now());
    return c.render(<RenewalListPage rows={rows} />);
  })
  .get('/:id', validate('param', renewalParam), async (c) => {
    const renewal = await getRenewal(c.var.db, currentUser(c), c.req.valid('param').id, Date.now());
    if (!renewal) throw notFound();
    return c.render(<RenewalPage renewal={renewal} notice={c.req.query('saved') === '1'} />);
  })
  .post('/:id/checks/:item/:action', validate('param', checkParam), async (c) => {
    const { id, item, action } = c.req.valid('param');
    const changed = await setChecklistItem(
      c.var.db,
      currentUser(c),
      id,
      item,
      action === 'done',
      Date.now(),
    );
    if (!changed) throw notFound();
    return c.redirect(`/renewals/${id}?saved=1#check-${item}`, 303);
  });
