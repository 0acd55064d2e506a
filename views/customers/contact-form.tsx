import type { DecisionRole } from '../../worker/platform/db/schema';
import type { MessageKey } from '../../worker/platform/i18n';
import type { ContactFormValues } from '../../worker/contacts/contact-input';
import { CsrfField, Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { SubmissionKeyField } from '../platform/submission-key';
import { FieldError } from '../platform/field-error';

/** Add (with a submission key, so a double tap adds one) or edit one contact of a customer. */
export function ContactFormPage({
  customer,
  contactId,
  values,
  errors,
  roles,
}: {
  customer: { id: string; name: string };
  /** The decision roles to choose from, in the chain's order. */
  roles: readonly DecisionRole[];
  /** The contact being edited; absent when adding one. */
  contactId?: string;
  values: ContactFormValues;
  errors: Record<string, MessageKey>;
}) {
  const { t } = usePage();
  const title = contactId
    ? t('contact.editOf', { name: values.name })
    : t('contact.new', { customer: customer.name });
  const action = contactId
    ? `/customers/${customer.id}/contacts/${contactId}`
    : `/customers/${customer.id}/contacts/new`;
  const invalid = (field: string) =>
    errors[field] ? { 'aria-invalid': 'true', 'aria-describedby': `${field}-error` } : {};
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      {Object.keys(errors).length > 0 ? (
        <p class="notice bad" role="alert">
          {t('visit.fixErrors')}
        </p>
      ) : null}
      <form class="card" method="post" action={action}>
        <CsrfField />
        {contactId ? null : <SubmissionKeyField />}
        <label for="name">{t('contact.name')}</label>
        <input
          id="name"
          name="name"
          type="text"
          required
          maxlength={100}
          value={values.name}
          autocomplete="off"
          {...invalid('name')}
        />
        <FieldError errors={errors} field="name" />
        <label for="title">{t('contact.title')}</label>
        <input
          id="title"
          name="title"
          type="text"
          maxlength={100}
          value={values.title}
          {...invalid('title')}
        />
        <FieldError errors={errors} field="title" />
        <label for="phone">{t('contact.phone')}</label>
        <input
          id="phone"
          name="phone"
          type="tel"
          maxlength={40}
          value={values.phone}
          {...invalid('phone')}
        />
        <FieldError errors={errors} field="phone" />
        <label for="email">{t('contact.email')}</label>
        <input
          id="email"
          name="email"
          type="email"
          maxlength={254}
          value={values.email}
          {...invalid('email')}
        />
        <FieldError errors={errors} field="email" />
        <label for="decisionRole">{t('contact.decisionRole')}</label>
        <select id="decisionRole" name="decisionRole" {...invalid('decisionRole')}>
          <option value="">{t('contact.decisionRole.none')}</option>
          {roles.map((role) => (
            <option value={role} selected={values.decisionRole === role}>
              {t(`decisionRole.${role}`)}
            </option>
          ))}
        </select>
        <FieldError errors={errors} field="decisionRole" />
        <p>
          <label>
            <input type="checkbox" name="isPrimary" checked={values.isPrimary} />
            {t('contact.primary')}
          </label>
        </p>
        <p class="actions">
          <button type="submit">{t('contact.save')}</button>{' '}
          <a class="button secondary" href={`/customers/${customer.id}#contacts`}>
            {t('contact.cancel')}
          </a>
        </p>
      </form>
    </Layout>
  );
}
