/**
 * API docs declared beside their routes. `documented({...})` is a pass-through middleware placed
 * first in a route's handler chain; the OpenAPI document (worker/api/openapi.ts) finds it in the
 * router's table, so each doc takes its method and path from the route it sits on and cannot name
 * a route that does not exist.
 */
import type { MiddlewareHandler } from 'hono';
import { z, type ZodObject, type ZodType } from 'zod';

/** The body of every API error (`HttpError`): `{"error":{"code","message","details"?}}`. */
export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export type HeaderParameter = {
  name: string;
  required: boolean;
  schema: object;
  description: string;
};

export type EndpointDoc = {
  summary: string;
  /** Path parameters; without it each `:name` in the path is documented as a string. */
  params?: ZodObject;
  query?: ZodObject;
  headers?: HeaderParameter[];
  /** The request body: a JSON schema and, when the endpoint also takes a form with a file, what that form holds. */
  body?: { json: ZodType; multipart?: string };
  /** Success responses by status, with the JSON shape when there is a schema for it. */
  responses: Record<string, { description: string; schema?: ZodType }>;
  /** Errors particular to this endpoint, by status (`errorBody` shaped); the common 400/401/404 are added to all. */
  errors?: Record<string, string>;
  /** Reachable without a token. */
  public?: boolean;
};

const docs = new WeakMap<object, EndpointDoc>();

export function documented(doc: EndpointDoc): MiddlewareHandler {
  const describe: MiddlewareHandler = (_c, next) => next();
  docs.set(describe, doc);
  return describe;
}

/** The doc a handler in the router's table carries, if it is a `documented(...)` middleware. */
export function docOf(handler: object): EndpointDoc | undefined {
  return docs.get(handler);
}
