/**
 * An error the client can act on. Thrown anywhere in a request; `app.onError` renders it as
 * JSON `{error:{code,message}}` for API callers or as an HTML page for browsers.
 */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 426 | 429 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = () => new HttpError(404, 'not_found', 'Not found');
