import { CsrfField } from '../platform/layout';
import { usePage } from '../platform/page';

/**
 * The rep's "Called / Visited / Messaged" buttons that stop a lead's first-touch clock; from the
 * lead page (`backToLead`) the rep comes back to it, from the inbox to the inbox.
 */
export function FirstTouchForm({
  lead,
  backToLead = false,
}: {
  lead: { id: string; phone: string | null };
  backToLead?: boolean;
}) {
  const { t } = usePage();
  return (
    <form class="row-actions" method="post" action={`/leads/${lead.id}/first-touch`}>
      <CsrfField />
      {backToLead ? <input type="hidden" name="back" value="lead" /> : null}
      {lead.phone ? (
        <a class="button secondary" href={`tel:${lead.phone}`}>
          {t('today.call')}
        </a>
      ) : null}
      <button type="submit" name="channel" value="call">
        {t('inbox.touchCall')}
      </button>
      <button type="submit" name="channel" value="visit" class="secondary">
        {t('inbox.touchVisit')}
      </button>
      <button type="submit" name="channel" value="message" class="secondary">
        {t('inbox.touchMessage')}
      </button>
    </form>
  );
}
