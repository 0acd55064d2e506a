import type { MessageKey } from '../../worker/platform/i18n';
import { FieldError, invalidAttributes } from '../platform/field-error';
import { usePage } from '../platform/page';

export type Typed = Record<string, string>;
export type Errors = Record<string, MessageKey>;

/** What a form field shows: what was typed (after an error), else the stored record's value. */
export const shown =
  (typed: Typed | undefined, stored: Record<string, unknown> | undefined) => (field: string) =>
    typed?.[field] ??
    (stored?.[field] === null || stored?.[field] === undefined ? '' : String(stored[field]));

/** A labelled input with its error message under it. */
export function Field({
  name,
  label,
  value,
  errors,
  type = 'text',
  required,
  extra,
}: {
  name: string;
  label: MessageKey;
  value: string | number | null | undefined;
  errors: Errors;
  type?: string;
  required?: boolean;
  extra?: Record<string, string>;
}) {
  const { t } = usePage();
  return (
    <>
      <label for={`f-${name}`}>{t(label)}</label>
      <input
        id={`f-${name}`}
        name={name}
        type={type}
        required={required}
        value={value === null || value === undefined ? '' : String(value)}
        {...extra}
        {...invalidAttributes(errors, name)}
      />
      <FieldError errors={errors} field={name} />
    </>
  );
}

/** A labelled select; `choices` are [value, shown text] pairs. */
export function SelectField({
  name,
  label,
  value,
  errors,
  choices,
}: {
  name: string;
  label: MessageKey;
  value: string | null | undefined;
  errors: Errors;
  choices: [string, string][];
}) {
  const { t } = usePage();
  return (
    <>
      <label for={`f-${name}`}>{t(label)}</label>
      <select id={`f-${name}`} name={name} {...invalidAttributes(errors, name)}>
        {choices.map(([choice, text]) => (
          <option value={choice} selected={choice === (value ?? '')}>
            {text}
          </option>
        ))}
      </select>
      <FieldError errors={errors} field={name} />
    </>
  );
}

/** A language choice, or none (then the region's or the reader's own language applies). */
export function LocaleField({
  name,
  label,
  value,
  errors,
}: {
  name: string;
  label: MessageKey;
  value: string;
  errors: Errors;
}) {
  const { t } = usePage();
  return (
    <SelectField
      name={name}
      label={label}
      value={value}
      errors={errors}
      choices={[
        ['', t('regions.localeNone')],
        ['en', 'English'],
        ['zh-CN', '简体中文'],
      ]}
    />
  );
}
