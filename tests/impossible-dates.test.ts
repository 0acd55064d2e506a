import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { en } from '../worker/platform/i18n/en';
import { call, ORIGIN, signInAs, type Browser } from './helpers/http';
import { customerOf, seedTinyCompany } from './helpers/seed';
import { localInput, submitVisitForm, visitsOf } from './helpers/visits';

let data: SeedData;
let rep: Browser;
let admin: Browser;

beforeAll(async () => {
  data = await seedTinyCompany();
  rep = await signInAs('rep.east1@example.com');
  admin = await signInAs('admin@example.com');
});

const nextYear = new Date().getUTCFullYear() + 1;
const customer = () => customerOf(data, 'usr_rep_east1');
const fieldError = (html: string, field: string) =>
  new RegExp(`id="${field}-error">([^<]*)<`).exec(html)?.[1];

function apiVisit(body: unknown) {
  return call('/api/v1/visits', {
    method: 'POST',
    headers: {
      cookie: rep.cookie,
      'x-csrf-token': rep.csrfToken,
      origin: ORIGIN,
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify(body),
  });
}

describe('impossible and far-off dates are refused, not rolled over', () => {
  it('the visit form refuses 30 February and month 13 with a field error and saves nothing', async () => {
    const before = (await visitsOf(customer().id)).length;
    for (const [field, value] of [
      ['nextFollowUpAt', `${nextYear}-02-30T10:00`],
      ['nextFollowUpAt', `${nextYear}-13-01T10:00`],
      ['commitmentDueAt', `${nextYear}-04-31T10:00`],
    ] as const) {
      const fields: Record<string, string> = {
        idempotencyKey: crypto.randomUUID(),
        summary: 'Walked the floor with the buyer.',
        nextFollowUpAt: localInput(3),
        commitmentText: 'Send the quote',
        commitmentDueAt: localInput(2),
      };
      fields[field] = value;
      const response = await submitVisitForm(rep, customer().id, fields);
      expect(response.status, value).toBe(422);
      const key =
        field === 'nextFollowUpAt'
          ? 'visit.error.nextFollowUpInvalid'
          : 'visit.error.commitmentDueInvalid';
      expect(fieldError(await response.text(), field), value).toBe(en[key]);
    }
    expect(await visitsOf(customer().id)).toHaveLength(before);
  });

  it('a commitment due in the year 9999 is refused (form and API) and arms no timer', async () => {
    const before = (await visitsOf(customer().id)).length;
    const form = await submitVisitForm(rep, customer().id, {
      idempotencyKey: crypto.randomUUID(),
      summary: 'Walked the floor with the buyer.',
      nextFollowUpAt: localInput(3),
      commitmentText: 'Send the quote',
      commitmentDueAt: '9999-12-31T10:00',
    });
    expect(form.status).toBe(422);
    expect(fieldError(await form.text(), 'commitmentDueAt')).toBe(
      en['visit.error.commitmentDueFar'],
    );

    const api = await apiVisit({
      customerId: customer().id,
      summary: 'Walked the floor with the buyer.',
      nextFollowUpAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      commitment: { text: 'Send the quote', dueAt: '9999-12-31T10:00:00+08:00' },
    });
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({
      error: {
        code: 'invalid_request',
        details: [{ path: 'commitmentDueAt', message: en['visit.error.commitmentDueFar'] }],
      },
    });
    expect(await visitsOf(customer().id)).toHaveLength(before);
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM visits WHERE commitment_due_at > ?')
        .bind(Date.now() + 400 * 86_400_000)
        .first(),
    ).toEqual({ n: 0 });
  });

  it('the API refuses an ISO 30 February', async () => {
    const api = await apiVisit({
      customerId: customer().id,
      summary: 'Walked the floor with the buyer.',
      nextFollowUpAt: `${nextYear}-02-30T10:00:00+08:00`,
    });
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({
      error: {
        details: [{ path: 'nextFollowUpAt', message: en['visit.error.nextFollowUpInvalid'] }],
      },
    });
  });

  it('a campaign due 2027-13-45T25:99 or years away is refused with its reason and creates nothing', async () => {
    const count = async () =>
      (await env.DB.prepare('SELECT count(*) AS n FROM campaigns').first<{ n: number }>())!.n;
    const before = await count();
    for (const due of [
      '2027-13-45T25:99',
      `${nextYear}-02-30T10:00`,
      '9999-01-01T10:00',
      '2001-01-01T10:00',
    ]) {
      const response = await admin.submit('/admin/campaigns', {
        name: 'Bad due',
        t0_title: 'Poster',
        t0_perCity: '1',
        t0_dueAt: due,
        t0_cities: 'city_hangzhou',
      });
      expect(response.status, due).toBe(422);
      const html = await response.text();
      expect(html, due).toContain(en['campaigns.error.dueAt'].replace("'", '&#39;'));
      expect(html).toContain(`value="${due}"`);
    }
    expect(await count()).toBe(before);
  });
});
