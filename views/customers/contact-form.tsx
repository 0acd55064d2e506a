import type { DecisionRole } from '../../worker/platform/db/schema';
import type { MessageKey } from '../../worker/platform/i18n';
import type { ContactFormValues } from '../../worker/contacts/contact-input';
import { CsrfField, Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { SubmissionKeyField } from '../platform/submission-key';
import { FieldError, invalidAttributes } from '../platform/field-error';
import { TextField } from './customer-form';

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
  const { isPrimary, ...text } = values;
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
        <TextField
          field="name"
          label="contact.name"
          values={text}
          errors={errors}
          required
          maxlength={100}
          autocomplete="off"
        />
        <TextField
          field="title"
          label="contact.title"
          values={text}
          errors={errors}
          maxlength={100}
        />
        <TextField
          field="phone"
          label="contact.phone"
          values={text}
          errors={errors}
          type="tel"
          maxlength={40}
        />
        <TextField
          field="email"
          label="contact.email"
          values={text}
          errors={errors}
          type="email"
          maxlength={254}
        />
        <label for="decisionRole">{t('contact.decisionRole')}</label>
        <select
          id="decisionRole"
          name="decisionRole"
          {...invalidAttributes(errors, 'decisionRole')}
        >
          <option value="">{t('contact.decisionRole.none')}</option>
          {roles.map((role) => (
            <option value={role} selected={values.decisionRole === role}>
              {t(`decisionRole.${role}`)}
            </option>
          ))}
        </select>
        <FieldError errors={errors} field="decisionRole" />
        <label for="contact-locale">{t('contact.locale')}</label>
        <select id="contact-locale" name="locale" {...invalidAttributes(errors, 'locale')}>
          <option value="">{t('contact.locale.region')}</option>
          <option value="en" selected={values.locale === 'en'}>
            English
          </option>
          <option value="zh-CN" selected={values.locale === 'zh-CN'}>
            简体中文
          </option>
        </select>
        <FieldError errors={errors} field="locale" />
        <p>
          <label>
            <input type="checkbox" name="isPrimary" checked={isPrimary} />
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
