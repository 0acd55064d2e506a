/** Names of the hidden fields the views put in forms; the middleware that reads them imports these. */
export const CSRF_FIELD = '_csrf';
export const SUBMISSION_KEY_FIELD = 'submissionKey';
