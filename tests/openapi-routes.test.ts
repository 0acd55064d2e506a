import { describe, expect, it } from 'vitest';
import { createApp } from '../worker/app';
import { call } from './helpers/http';

type Document = {
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        responses?: Record<string, unknown>;
        parameters?: { name: string; in: string }[];
      }
    >
  >;
};

/** Every `/api/v1` endpoint the worker's router answers, as `get /api/v1/tasks/{id}/claim`. */
function registeredEndpoints(): string[] {
  const endpoints = createApp()
    .routes.filter((route) => route.path.startsWith('/api/v1/'))
    // `use(...)` middleware sits in the same table as `ALL /api/v1/*`; it is not an endpoint.
    .filter((route) => !(route.method === 'ALL' && route.path.endsWith('*')))
    .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
  return [...new Set(endpoints)].sort();
}

async function openApiDocument(): Promise<Document> {
  const response = await call('/api/v1/openapi.json');
  expect(response.status).toBe(200);
  return (await response.json()) as Document;
}

describe('/api/v1/openapi.json against the router', () => {
  it('documents exactly the /api/v1 routes the worker answers, no more and no fewer', async () => {
    const doc = await openApiDocument();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`))
      .sort();
    const registered = registeredEndpoints();
    // Spelled out so a failure names the route: undocumented routes, then documented routes that do not exist.
    expect(
      registered.filter((endpoint) => !documented.includes(endpoint)),
      'routes missing from the document',
    ).toEqual([]);
    expect(
      documented.filter((endpoint) => !registered.includes(endpoint)),
      'documented routes the worker does not answer',
    ).toEqual([]);
    expect(registered).toEqual(
      expect.arrayContaining([
        'get /api/v1/customers',
        'post /api/v1/visits',
        'post /api/v1/tasks/{id}/claim',
        'get /api/v1/openapi.json',
      ]),
    );
  });

  it('gives every operation a summary, a success response and its path parameters', async () => {
    const doc = await openApiDocument();
    for (const [path, operations] of Object.entries(doc.paths)) {
      const pathNames = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.summary, `${method} ${path}`).toMatch(/\w{3}/);
        expect(
          Object.keys(operation.responses ?? {}).some((status) => status.startsWith('2')),
          `${method} ${path}`,
        ).toBe(true);
        expect(
          (operation.parameters ?? [])
            .filter((parameter) => parameter.in === 'path')
            .map((parameter) => parameter.name),
          `${method} ${path}`,
        ).toEqual(pathNames);
      }
    }
  });

  it('shows the customer id limits the route validates with, and the wall-specific refusals', async () => {
    const doc = await openApiDocument();
    const customer = doc.paths['/api/v1/customers/{id}']!.get!;
    expect(customer.parameters).toEqual([
      {
        name: 'id',
        in: 'path',
        required: true,
        schema: { type: 'string', minLength: 1, maxLength: 64 },
      },
    ]);
    expect(Object.keys(doc.paths['/api/v1/tasks/{id}/claim']!.post!.responses!)).toEqual(
      expect.arrayContaining(['200', '403', '409', '401']),
    );
  });
});
