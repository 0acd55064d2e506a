import type { MissingRequirement } from '../../worker/deals/stage-gates';
import { describeRequirement } from './describe-requirement';
import { usePage } from '../platform/page';

/**
 * What a stage gate still asks for, each with the way to add it: a document or a note on the
 * deal's page (the upload form preselects the kind), a contact on the customer's page.
 */
export function MissingRequirements({
  missing,
  dealId,
  customerId,
  id,
}: {
  missing: MissingRequirement[];
  dealId: string | null;
  customerId: string;
  id?: string;
}) {
  const { t, locale } = usePage();
  const addLink = (item: MissingRequirement) => {
    if (item.requirement === 'contact_role')
      return { href: `/customers/${customerId}#contacts`, label: t('deals.addMissing.contact') };
    if (!dealId) return null;
    return item.requirement === 'document'
      ? {
          href: `/deals/${dealId}?kind=${encodeURIComponent(item.documentKind)}#add-document`,
          label: t('deals.addMissing.document'),
        }
      : { href: `/deals/${dealId}#add-note`, label: t('deals.addMissing.note') };
  };
  return (
    <ul class="missing" id={id}>
      {missing.map((item) => {
        const link = addLink(item);
        return (
          <li>
            {describeRequirement(item, t, locale)}
            {link ? (
              <>
                {' · '}
                <a href={link.href}>{link.label}</a>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
