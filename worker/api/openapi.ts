/**
 * /api/v1/openapi.json, assembled from the docs each feature declares beside its routes
 * (`documented(...)`, worker/platform/http/api-doc.ts) and from the zod schemas the routes
 * validate with, so the document cannot drift from what the API accepts.
 */
import type { RouterRoute } from 'hono/types';
import { z, type ZodType } from 'zod';
import { docOf, errorBody, type EndpointDoc } from '../platform/http/api-doc';

const json = (schema: ZodType, io: 'input' | 'output' = 'output') => ({
  'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any' }) },
});

function parameters(schema: z.ZodObject, where: 'query' | 'path') {
  const properties =
    (
      z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
        properties?: Record<string, object>;
      }
    ).properties ?? {};
  return Object.entries(properties).map(([name, schemaOf]) => ({
    name,
    in: where,
    required: where === 'path',
    schema: schemaOf,
  }));
}

const commonErrors = {
  '400': { description: 'Invalid input', content: json(errorBody) },
  '401': { description: 'Missing, unknown or revoked token', content: json(errorBody) },
  '404': { description: 'Not found or outside your scope', content: json(errorBody) },
};

/** Hono's `/tasks/:id/claim` as OpenAPI's `/tasks/{id}/claim`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function operation(path: string, doc: EndpointDoc) {
  const pathNames = [...path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
  const pathParameters = doc.params
    ? parameters(doc.params, 'path')
    : pathNames.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const allParameters = [
    ...pathParameters,
    ...(doc.query ? parameters(doc.query, 'query') : []),
    ...(doc.headers ?? []).map((header) => ({ ...header, in: 'header' })),
  ];
  const responses: Record<string, object> = {};
  for (const [status, response] of Object.entries(doc.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.schema ? { content: json(response.schema) } : {}),
    };
  }
  for (const [status, description] of Object.entries(doc.errors ?? {}))
    responses[status] = { description, content: json(errorBody) };
  return {
    summary: doc.summary,
    ...(allParameters.length ? { parameters: allParameters } : {}),
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            content: {
              ...json(doc.body.json, 'input'),
              ...(doc.body.multipart
                ? {
                    'multipart/form-data': {
                      schema: { type: 'object', description: doc.body.multipart },
                    },
                  }
                : {}),
            },
          },
        }
      : {}),
    responses: doc.public ? responses : { ...commonErrors, ...responses },
    ...(doc.public ? { security: [] } : {}),
  };
}

/** The document for the documented routes of `routes` (a router's table), served under `basePath`. */
export function openApiDocument(
  serverUrl: string,
  basePath: string,
  routes: readonly RouterRoute[],
) {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const doc = docOf(route.handler);
    if (!doc) continue;
    const path = openApiPath(basePath + route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route.path, doc) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Fieldwall API',
      version: '1',
      description:
        'Every rep action of the web app, with the same validation, scope rules and idempotency. Authenticate with `Authorization: Bearer <token>` (issued by an admin). Errors are `{"error":{"code","message"}}`.',
    },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
