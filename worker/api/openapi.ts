/**
 * /api/v1/openapi.json, generated from the zod schemas the routes validate with, so the document
 * cannot drift from what the API accepts.
 */
import { z, type ZodType } from 'zod';
import { customerListQuery } from '../customers/pages';
import { errorBody, firstTouchJson, leadListQuery, visitBody, visitCreated } from './schemas';
import { completionForm } from '../tasks/task-actions';
import { taskListQuery } from '../tasks/api';

const json = (schema: ZodType, io: 'input' | 'output' = 'output') => ({ 'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any' }) } });

function queryParameters(schema: z.ZodObject) {
  const properties = (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, object> }).properties ?? {};
  return Object.entries(properties).map(([name, schemaOf]) => ({ name, in: 'query', required: false, schema: schemaOf }));
}

const errors = {
  '400': { description: 'Invalid input', content: json(errorBody) },
  '401': { description: 'Missing, unknown or revoked token', content: json(errorBody) },
  '404': { description: 'Not found or outside your scope', content: json(errorBody) },
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Fieldwall API',
      version: '1',
      description: 'Every rep action of the web app, with the same validation, scope rules and idempotency. Authenticate with `Authorization: Bearer <token>` (issued by an admin). Errors are `{"error":{"code","message"}}`.',
    },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths: {
      '/api/v1/me': { get: { summary: 'The caller', responses: { '200': { description: 'The user the token acts as' }, ...errors } } },
      '/api/v1/customers': {
        get: { summary: "Customers in the caller's scope, soonest follow-up first", parameters: queryParameters(customerListQuery), responses: { '200': { description: '`{ items, nextCursor }`' }, ...errors } },
      },
      '/api/v1/customers/{id}': {
        get: { summary: 'One customer with contacts, open deals, contracts and recent visits', parameters: [idParam], responses: { '200': { description: 'The customer' }, ...errors } },
      },
      '/api/v1/visits': {
        post: {
          summary: 'Log a visit',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', pattern: '^[\\w.:-]{8,128}$' }, description: 'A repeated request with the same key returns the visit already created (200, `Idempotent-Replayed: true`).' }],
          requestBody: { required: true, content: { ...json(visitBody, 'input'), 'multipart/form-data': { schema: { type: 'object', description: 'The same fields flat (commitmentText, commitmentDueAt) plus an optional `photo` file (JPEG, PNG or WebP, at most 10 MB).' } } } },
          responses: { '201': { description: 'Created', content: json(visitCreated) }, '200': { description: 'Replayed', content: json(visitCreated) }, ...errors },
        },
      },
      '/api/v1/leads': {
        get: { summary: "Leads in the caller's scope, newest first, with source, priority, assignee and touches", parameters: queryParameters(leadListQuery), responses: { '200': { description: '`{ items, nextCursor }`' }, ...errors } },
      },
      '/api/v1/leads/{id}/first-touch': {
        post: { summary: "Log the rep's first touch (stops the 24-hour clock; a second call keeps the first time)", parameters: [idParam], requestBody: { required: true, content: json(firstTouchJson, 'input') }, responses: { '200': { description: 'The lead' }, ...errors } },
      },
      '/api/v1/today': { get: { summary: "The rep's home counts, due follow-ups, and the city's wall tasks", responses: { '200': { description: '`{ counts, followUps, tasks: { mine, open } }`' }, ...errors } } },
      '/api/v1/wall/ping': { get: { summary: "A no-op round trip to the caller's region wall", responses: { '200': { description: '`{ ok, regionId, ms }`' }, ...errors } } },
      '/api/v1/tasks': { get: { summary: 'Wall tasks in the caller’s scope (for a rep: their city); `status=open` lists what the caller may claim', parameters: queryParameters(taskListQuery), responses: { '200': { description: '`{ items }`' }, ...errors } } },
      '/api/v1/tasks/{id}/claim': {
        post: { summary: 'Claim a task: exactly one of any number of concurrent claims wins', parameters: [idParam], responses: { '200': { description: 'The claimed task' }, '409': { description: '`already_claimed` (with `details.claimedBy`) or `not_claimable`', content: json(errorBody) }, ...errors } },
      },
      '/api/v1/tasks/{id}/complete': {
        post: {
          summary: 'Complete a claimed task with the evidence its template asks for (a lag reason when overdue); completing again is harmless',
          parameters: [idParam],
          requestBody: { required: true, content: { ...json(completionForm, 'input'), 'multipart/form-data': { schema: { type: 'object', description: 'The same fields plus an optional `photo` file.' } } } },
          responses: { '200': { description: 'The completed task' }, '422': { description: '`evidence_missing` with `details.missing`', content: json(errorBody) }, ...errors },
        },
      },
    },
  };
}
