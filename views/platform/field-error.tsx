import type { MessageKey } from '../../worker/platform/i18n';
import { usePage } from './page';

/** A field's message under it (the field points at it with `aria-describedby`). */
export function FieldError({
  errors,
  field,
}: {
  errors: Record<string, MessageKey>;
  field: string;
}) {
  const frame = usePage();
  const key = errors[field];
  return key ? (
    <p class="error-text" id={`${field}-error`}>
      {frame.t(key)}
    </p>
  ) : null;
}

/** The attributes that mark a field invalid and point at its message. */
export const invalidAttributes = (errors: Record<string, MessageKey>, field: string) =>
  errors[field] ? { 'aria-invalid': 'true', 'aria-describedby': `${field}-error` } : {};
