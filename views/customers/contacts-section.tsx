import { useRequestContext } from 'hono/jsx-renderer';
import type { AppEnv } from '../../worker/platform/app-env';
import type { getCustomer } from '../../worker/customers/queries';
import { PostButton } from '../platform/layout';
import { usePage } from '../platform/page';

type CustomerDetail = NonNullable<Awaited<ReturnType<typeof getCustomer>>>;

const NOTICES = {
  added: 'contact.added',
  saved: 'contact.saved',
  restored: 'contact.restored',
} as const;

/** What the last contact change says on the page it redirected to (`?contact=` / `?removed=`). */
function ContactNotice({ customerId, mayEdit }: { customerId: string; mayEdit: boolean }) {
  const { t } = usePage();
  const c = useRequestContext<AppEnv>();
  const removed = c.req.query('removed');
  if (removed && mayEdit)
    return (
      <div class="notice row-actions" role="status">
        <span>{t('contact.removed')}</span>
        <PostButton
          action={`/customers/${customerId}/contacts/${encodeURIComponent(removed)}/restore`}
          label={t('contact.undo')}
          buttonClass="secondary"
        />
      </div>
    );
  const done = c.req.query('contact');
  return done && done in NOTICES ? (
    <p class="notice" role="status">
      {t(NOTICES[done as keyof typeof NOTICES])}
    </p>
  ) : null;
}

/**
 * The customer's contacts with their part in the buying decision and how much of the decision
 * chain they cover; add, edit and remove for whoever may edit the customer, read-only otherwise.
 */
export function ContactsSection({ customer }: { customer: CustomerDetail }) {
  const { t } = usePage();
  const { mayEditContacts: mayEdit, decisionChain: chain } = customer;
  return (
    <section class="card" id="contacts">
      <h2>{t('customers.contacts')}</h2>
      <ContactNotice customerId={customer.id} mayEdit={mayEdit} />
      <p class="decision-chain">
        {t('contact.chain', { covered: chain.covered.length, total: chain.total })}
        {chain.missing.length > 0 ? (
          <span class="muted">
            {' · '}
            {t('contact.chainMissing', {
              roles: chain.missing
                .map((role) => t(`decisionRole.${role}`))
                .join(t('contact.listSeparator')),
            })}
          </span>
        ) : null}
      </p>
      {customer.contacts.length === 0 ? (
        <p class="muted">{t('customers.noContacts')}</p>
      ) : (
        <ul class="contacts">
          {customer.contacts.map((contact) => (
            <li id={`contact-${contact.id}`}>
              <span class="row-title">{contact.name}</span>
              {contact.isPrimary ? <span class="tag">{t('contact.primaryTag')}</span> : null}
              {contact.decisionRole ? (
                <span class="tag">{t(`decisionRole.${contact.decisionRole}`)}</span>
              ) : null}
              {contact.title ? ` · ${contact.title}` : ''}
              {contact.phone ? (
                <>
                  {' · '}
                  <a href={`tel:${contact.phone}`}>{contact.phone}</a>
                </>
              ) : null}
              {contact.email ? (
                <>
                  {' · '}
                  <a href={`mailto:${contact.email}`}>{contact.email}</a>
                </>
              ) : null}
              {mayEdit ? (
                <div class="row-actions">
                  <a
                    class="button secondary"
                    href={`/customers/${customer.id}/contacts/${contact.id}/edit`}
                  >
                    {t('contact.editLink')}
                  </a>
                  <PostButton
                    action={`/customers/${customer.id}/contacts/${contact.id}/remove`}
                    label={t('contact.remove')}
                    buttonClass="secondary"
                  />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {mayEdit ? (
        <p>
          <a class="button" href={`/customers/${customer.id}/contacts/new`}>
            {t('contact.add')}
          </a>
        </p>
      ) : null}
    </section>
  );
}
