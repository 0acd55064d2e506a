import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { call, issueApiToken, signInAs } from './helpers/http';
import { customerOf, seedTinyCompany } from './helpers/seed';
import { localInput, submitVisitForm } from './helpers/visits';

let data: SeedData;
let token: string;

beforeAll(async () => {
  data = await seedTinyCompany();
  token = await issueApiToken('rep.east1@example.com', 'phone app');
});

const customer = () => customerOf(data, 'usr_rep_east1');
const inThreeDays = () => new Date(Date.now() + 3 * 86_400_000).toISOString();

function postVisit(
  body: unknown,
  key: string | null = crypto.randomUUID(),
  headers: Record<string, string> = {},
) {
  return call('/api/v1/visits', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /api/v1/visits', () => {
  it('creates a visit and answers 201 with its check-in status and ACI musts', async () => {
    const response = await postVisit({
      customerId: customer().id,
      summary: 'Demo of the dashboard to purchasing.',
      nextFollowUpAt: inThreeDays(),
      lat: customer().lat,
      lng: customer().lng,
      commitment: { text: 'Send quote', dueAt: inThreeDays() },
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      customerId: customer().id,
      checkInStatus: 'verified',
      checkInDistanceM: 0,
      aci: { nextFollowUp: true, evidence: true, stage: false },
    });
    const row = await env.DB.prepare('SELECT commitment_text FROM visits WHERE id = ?')
      .bind(body.id)
      .first();
    expect(row).toEqual({ commitment_text: 'Send quote' });
  });

  it('returns the first visit for a repeated Idempotency-Key, and stores it once', async () => {
    const key = crypto.randomUUID();
    const body = {
      customerId: customer().id,
      summary: 'Follow-up call on the quote.',
      nextFollowUpAt: inThreeDays(),
    };
    const first = await postVisit(body, key);
    const again = await postVisit(body, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const [a, b] = [(await first.json()) as { id: string }, (await again.json()) as { id: string }];
    expect(b.id).toBe(a.id);
    const { results } = await env.DB.prepare(
      "SELECT id FROM visits WHERE summary = 'Follow-up call on the quote.'",
    ).all();
    expect(results).toHaveLength(1);
  });

  it('applies the same validation as the form, with the same words', async () => {
    const api = await postVisit({
      customerId: customer().id,
      summary: 'short',
      nextFollowUpAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(api.status).toBe(400);
    const error = (
      (await api.json()) as {
        error: { code: string; details: { path: string; message: string }[] };
      }
    ).error;
    expect(error.code).toBe('invalid_request');
    const byField = Object.fromEntries(error.details.map((d) => [d.path, d.message]));
    expect(byField).toEqual({
      summary: 'Write at least 10 characters.',
      nextFollowUpAt: 'The next follow-up must be in the future.',
    });
    const rep = await signInAs('rep.east1@example.com');
    const form = await (
      await submitVisitForm(rep, customer().id, {
        idempotencyKey: crypto.randomUUID(),
        summary: 'short',
        nextFollowUpAt: localInput(-1),
      })
    ).text();
    for (const message of Object.values(byField)) expect(form).toContain(message);
  });

  it('speaks the caller’s language in validation messages', async () => {
    const response = await postVisit(
      { customerId: customer().id, summary: 'short', nextFollowUpAt: inThreeDays() },
      crypto.randomUUID(),
      { 'accept-language': 'zh-CN' },
    );
    expect(JSON.stringify(await response.json())).toContain('请至少写 10 个字。');
  });

  it('answers bad requests clearly', async () => {
    expect(
      (
        await postVisit(
          { customerId: customer().id, summary: 'x'.repeat(20), nextFollowUpAt: inThreeDays() },
          null,
        )
      ).status,
    ).toBe(400);
    const malformed = await postVisit('{not json', crypto.randomUUID());
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'invalid_json' } });
    const unknownField = await postVisit({
      customerId: customer().id,
      summary: 'x'.repeat(20),
      nextFollowUpAt: inThreeDays(),
      price: 1,
    });
    expect(unknownField.status).toBe(400);
    const wrongType = await call('/api/v1/visits', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'idempotency-key': crypto.randomUUID(),
        'content-type': 'text/plain',
      },
      body: 'hi',
    });
    expect(wrongType.status).toBe(415);
  });

  it('answers another rep’s customer with 404 and writes nothing', async () => {
    const foreign = customerOf(data, 'usr_rep_east2');
    const response = await postVisit({
      customerId: foreign.id,
      summary: 'Trying a customer that is not mine.',
      nextFollowUpAt: inThreeDays(),
    });
    expect(response.status).toBe(404);
    expect(
      await env.DB.prepare("SELECT id FROM visits WHERE summary LIKE 'Trying a customer%'").first(),
    ).toBeNull();
  });

  it('refuses a visit on an archived deal: the deal keeps its stage and progress', async () => {
    const deal = await env.DB.prepare(
      "SELECT id, stage, last_progress_at FROM deals WHERE customer_id = ? AND stage NOT IN ('won', 'lost') LIMIT 1",
    )
      .bind(customer().id)
      .first<{ id: string; stage: string; last_progress_at: number }>();
    await env.DB.prepare('UPDATE deals SET archived_at = ? WHERE id = ?')
      .bind(Date.now(), deal!.id)
      .run();
    try {
      const response = await postVisit({
        customerId: customer().id,
        summary: 'Talked about the archived deal.',
        nextFollowUpAt: inThreeDays(),
        dealId: deal!.id,
        stage: deal!.stage,
      });
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ error: { code: 'unknown_deal' } });
      expect(
        await env.DB.prepare('SELECT stage, last_progress_at FROM deals WHERE id = ?')
          .bind(deal!.id)
          .first(),
      ).toEqual({ stage: deal!.stage, last_progress_at: deal!.last_progress_at });
    } finally {
      await env.DB.prepare('UPDATE deals SET archived_at = NULL WHERE id = ?').bind(deal!.id).run();
    }
  });
});

describe('GET /api/v1/today and the OpenAPI document', () => {
  it('gives the rep’s counts and items', async () => {
    const body = (await (
      await call('/api/v1/today', { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      counts: { today: number };
      followUps: unknown[];
      tasks: { mine: { dueAt: number }[]; open: { cityId: string }[] };
    };
    const dayEnd = Date.now() + 86_400_000;
    expect(body.counts.today).toBe(
      body.followUps.length + body.tasks.mine.filter((task) => task.dueAt < dayEnd).length,
    );
    expect(body.tasks.open.every((task) => task.cityId === 'city_shanghai')).toBe(true);
  });

  it('describes every rep endpoint from the same schemas', async () => {
    const doc = (await (await call('/api/v1/openapi.json')).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content: Record<
                string,
                { schema: { required?: string[]; properties?: Record<string, unknown> } }
              >;
            };
          }
        >
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/customers',
      '/api/v1/customers/{id}',
      '/api/v1/visits',
      '/api/v1/leads',
      '/api/v1/leads/{id}/first-touch',
      '/api/v1/today',
      '/api/v1/tasks',
      '/api/v1/tasks/{id}/claim',
      '/api/v1/tasks/{id}/complete',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const visitSchema =
      doc.paths['/api/v1/visits']!.post!.requestBody!.content['application/json']!.schema;
    expect(visitSchema.required?.sort()).toEqual(['customerId', 'nextFollowUpAt', 'summary']);
    expect(Object.keys(visitSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['lat', 'lng', 'dealId', 'stage', 'commitment']),
    );
  });
});
