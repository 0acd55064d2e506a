import type { MessageKey } from '../../worker/platform/i18n';
import { usePage } from '../platform/page';
import { FieldError, invalidAttributes } from '../platform/field-error';

/** The account's email address, as sign-in, setup and "Forgot password?" ask for it. */
export function EmailField({
  value = '',
  errors = {},
}: {
  value?: string;
  errors?: Record<string, MessageKey>;
}) {
  const { t } = usePage();
  return (
    <>
      <label for="email">{t('login.email')}</label>
      <input
        id="email"
        name="email"
        type="email"
        inputmode="email"
        autocomplete="username"
        required
        value={value}
        {...invalidAttributes(errors, 'email')}
      />
      <FieldError errors={errors} field="email" />
    </>
  );
}
