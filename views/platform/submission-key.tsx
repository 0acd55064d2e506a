import { SUBMISSION_KEY_FIELD } from './form-fields';

/** The idempotency key of a form that creates something: new on every render (see submit-once). */
export function SubmissionKeyField() {
  return <input type="hidden" name={SUBMISSION_KEY_FIELD} value={crypto.randomUUID()} />;
}
