import type { Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { mayEdit } from '../platform/access/policy';
import type { MessageKey } from '../platform/i18n';
import { findPossibleDuplicates } from '../customers/duplicate-query';
import { listCustomers } from '../customers/queries';
import { placeChoices } from '../customers/place-choices';
import type { LeadConversionView } from '../../views/leads/lead-conversion';
import type { CustomerFormValues } from '../../views/customers/customer-form';
import type { LeadDetail } from './queries';
import { DEAL_CURRENCIES } from '../deals/deal-input';
import { isOpenLead } from './lead-tabs';

/**
 * The lead page's conversion section: null when the lead is closed or the viewer may not change
 * leads and customers. Prefilled from the lead; its possible duplicates offered to attach to.
 */
export async function leadConversionView(
  c: Context<AppEnv>,
  lead: LeadDetail,
  state: {
    values?: CustomerFormValues;
    errors?: Record<string, MessageKey>;
    failed?: LeadConversionView['failed'];
  } = {},
): Promise<LeadConversionView | null> {
  const user = currentUser(c);
  if (!isOpenLead(lead.status)) return null;
  if (!mayEdit(user, 'leads') || !mayEdit(user, 'customers')) return null;
  const identity = {
    name: lead.company ?? lead.name,
    phone: lead.phone,
    email: lead.email,
    cityId: lead.cityId,
  };
  const find = (c.req.query('find') ?? '').slice(0, 100).trim();
  const [choices, duplicates, found] = await Promise.all([
    placeChoices(c),
    findPossibleDuplicates(c.var.db, user, identity),
    find
      ? listCustomers(c.var.db, user, { query: find, limit: 10 }).then((page) => page.items)
      : Promise.resolve([]),
  ]);
  const prefilled: CustomerFormValues = {
    name: identity.name,
    phone: lead.phone ?? '',
    email: lead.email ?? '',
    cityId: lead.cityId ?? user.cityId ?? '',
    ownerId: lead.assigneeId ?? '',
    'contact.name': lead.company ? lead.name : '',
    'contact.phone': lead.company ? (lead.phone ?? '') : '',
  };
  return {
    leadId: lead.id,
    values: state.values ?? prefilled,
    errors: state.errors ?? {},
    failed: state.failed ?? null,
    choices,
    currencies: DEAL_CURRENCIES,
    duplicates,
    found,
    find,
  };
}
