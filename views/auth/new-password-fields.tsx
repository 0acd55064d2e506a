import type { MessageKey } from '../../worker/platform/i18n';
import { PASSWORD_MIN_LENGTH } from '../platform/form-fields';
import { usePage } from '../platform/page';
import { FieldError, invalidAttributes } from '../platform/field-error';

/** A new password typed twice, for setup, invitations, resets and settings. */
export function NewPasswordFields({ errors }: { errors: Record<string, MessageKey> }) {
  const { t } = usePage();
  return (
    <>
      <label for="password">{t('password.new')}</label>
      <input
        id="password"
        name="password"
        type="password"
        autocomplete="new-password"
        minlength={PASSWORD_MIN_LENGTH}
        required
        {...invalidAttributes(errors, 'password')}
      />
      <p class="muted">{t('password.rule', { n: PASSWORD_MIN_LENGTH })}</p>
      <FieldError errors={errors} field="password" />
      <label for="passwordConfirm">{t('password.confirm')}</label>
      <input
        id="passwordConfirm"
        name="passwordConfirm"
        type="password"
        autocomplete="new-password"
        required
        {...invalidAttributes(errors, 'passwordConfirm')}
      />
      <FieldError errors={errors} field="passwordConfirm" />
    </>
  );
}
