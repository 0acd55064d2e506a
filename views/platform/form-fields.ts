/** Names of the hidden fields the views put in forms; the middleware that reads them imports these. */
export const CSRF_FIELD = '_csrf';
export const SUBMISSION_KEY_FIELD = 'submissionKey';
/** The shortest password accepted (the forms say so; worker/auth/account-rules.ts enforces it). */
export const PASSWORD_MIN_LENGTH = 10;
