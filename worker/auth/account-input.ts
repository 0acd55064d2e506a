import { z } from 'zod';
import type { MessageKey } from '../platform/i18n';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './account-rules';

/** Form fields shared by the pages that set a password (setup, invitation, reset, settings). */
export const newPasswordFields = {
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, 'password.tooShort')
    .max(PASSWORD_MAX_LENGTH, 'password.tooLong'),
  passwordConfirm: z.string(),
};
export const samePassword = (form: { password: string; passwordConfirm: string }) =>
  form.password === form.passwordConfirm;

export const setupForm = z
  .object({
    token: z.string().max(1024),
    name: z.string().trim().min(1, 'setup.nameRequired').max(200),
    email: z.string().trim().toLowerCase().email('setup.emailInvalid').max(254),
    ...newPasswordFields,
  })
  .refine(samePassword, { message: 'password.mismatch', path: ['passwordConfirm'] });

/** A new password typed twice (invitation and reset links). */
export const newPasswordForm = z
  .object(newPasswordFields)
  .refine(samePassword, { message: 'password.mismatch', path: ['passwordConfirm'] });

/** Field name → catalogue key of its first problem, for a form that re-renders with messages. */
export function fieldErrors(issues: readonly { path: PropertyKey[]; message: string }[]) {
  const errors: Record<string, MessageKey> = {};
  for (const issue of issues) errors[String(issue.path[0] ?? '')] ??= issue.message as MessageKey;
  return errors;
}
