import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { call, signInAs, type Browser } from './helpers/http';
import { customerOf, seedTinyCompany } from './helpers/seed';
import { localInput, northOf, submitVisitForm, visitsOf } from './helpers/visits';

let data: SeedData;
let rep: Browser;
let otherRep: Browser;

beforeAll(async () => {
  data = await seedTinyCompany();
  rep = await signInAs('rep.east1@example.com');
  otherRep = await signInAs('rep.east2@example.com');
});

const customer = () => customerOf(data, 'usr_rep_east1');
const position = () => ({ lat: customer().lat!, lng: customer().lng! });
const valid = (overrides: Record<string, string> = {}) => ({
  idempotencyKey: crypto.randomUUID(),
  summary: 'Met the plant manager; they want a quote for 20 sensors.',
  nextFollowUpAt: localInput(3),
  ...overrides,
});

describe('logging a visit from the form', () => {
  it('offers the form with a fresh idempotency key and a next follow-up a week out', async () => {
    const html = await (await rep.get(`/customers/${customer().id}/visits/new`)).text();
    expect(html).toMatch(/name="idempotencyKey" value="[0-9a-f-]{36}"/);
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toMatch(
      /name="nextFollowUpAt" type="datetime-local" required="" value="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"/,
    );
  });

  it('saves the visit and updates the customer in one go', async () => {
    const before = Date.now();
    const at = northOf(position(), 120);
    const response = await submitVisitForm(
      rep,
      customer().id,
      valid({ lat: String(at.lat), lng: String(at.lng) }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/customers/${customer().id}?saved=1`);
    const [visit] = await visitsOf(customer().id);
    expect(visit).toMatchObject({
      rep_id: 'usr_rep_east1',
      check_in_status: 'verified',
      check_in_distance_m: 120,
      aci_next_follow_up: 1,
      aci_evidence: 1,
    });
    const row = await env.DB.prepare(
      'SELECT last_touch_at, next_follow_up_at, health_score, health_weakest FROM customers WHERE id = ?',
    )
      .bind(customer().id)
      .first<Record<string, number | string>>();
    expect(row!.last_touch_at).toBeGreaterThanOrEqual(before);
    expect(row!.next_follow_up_at).toBe(visit!.next_follow_up_at);
    expect(row!.health_score).not.toBeNull();
    const page = await (await rep.get(`/customers/${customer().id}?saved=1`)).text();
    expect(page).toContain('Visit saved.');
    expect(page).toContain('Met the plant manager');
  });

  it('starts the commitment clock with a title naming the customer and the rep', async () => {
    const sent = vi.spyOn(env.WORK_QUEUE, 'send');
    try {
      const response = await submitVisitForm(
        rep,
        customer().id,
        valid({ commitmentText: 'POC within 72 h', commitmentDueAt: localInput(3) }),
      );
      expect(response.status).toBe(303);
      await vi.waitFor(() => expect(sent).toHaveBeenCalled());
      const message = sent.mock.calls[0]![0] as {
        kind: string;
        visit: { commitment: { text: string; title: string } };
      };
      const repName = (await env.DB.prepare(
        "SELECT name FROM users WHERE id = 'usr_rep_east1'",
      ).first<{ name: string }>())!.name;
      expect(message.kind).toBe('wall.visit-timers');
      expect(message.visit.commitment).toMatchObject({
        text: 'POC within 72 h',
        title: `${customer().name} · ${repName}: POC within 72 h`,
      });
    } finally {
      sent.mockRestore();
    }
  });

  it('verifies a check-in at 499 m and calls 501 m out of range', async () => {
    for (const [metres, status] of [
      [499, 'verified'],
      [501, 'out_of_range'],
    ] as const) {
      const at = northOf(position(), metres);
      await submitVisitForm(
        rep,
        customer().id,
        valid({ lat: String(at.lat), lng: String(at.lng) }),
      );
      const [visit] = await visitsOf(customer().id);
      expect(visit, `${metres} m`).toMatchObject({
        check_in_status: status,
        check_in_distance_m: metres,
      });
    }
  });

  it('saves a visit without a position as unverified', async () => {
    await submitVisitForm(rep, customer().id, valid());
    const [visit] = await visitsOf(customer().id);
    expect(visit).toMatchObject({
      check_in_status: 'unverified',
      check_in_lat: null,
      aci_evidence: 0,
    });
  });

  it('stores a repeated submit with the same key once', async () => {
    const fields = valid();
    const count = async () => (await visitsOf(customer().id)).length;
    const before = await count();
    const responses = await Promise.all(
      [1, 2, 3].map(() => submitVisitForm(rep, customer().id, fields)),
    );
    for (const response of responses) expect(response.status).toBe(303);
    expect(await count()).toBe(before + 1);
  });

  it('re-renders the form with a message at each field and keeps what was typed', async () => {
    const response = await submitVisitForm(
      rep,
      customer().id,
      valid({
        summary: 'short',
        nextFollowUpAt: localInput(-1),
        commitmentText: 'POC within 72 h',
      }),
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('Please fix the fields marked below.');
    expect(html).toContain('Write at least 10 characters.');
    expect(html).toContain('The next follow-up must be in the future.');
    expect(html).toContain('Say by when.');
    expect(html).toContain('>short</textarea>');
    expect(html).toContain('value="POC within 72 h"');
    expect(html).toMatch(/id="summary"[^>]*aria-invalid="true"/);
  });

  it('updates the deal’s stage and records the step in its history', async () => {
    const deal = data.deals.find(
      (d) => d.ownerId === 'usr_rep_east1' && !['won', 'lost', 'negotiate'].includes(d.stage),
    )!;
    await submitVisitForm(rep, deal.customerId, valid({ dealId: deal.id, stage: 'negotiate' }));
    const row = await env.DB.prepare('SELECT stage, stage_entered_at FROM deals WHERE id = ?')
      .bind(deal.id)
      .first<{ stage: string; stage_entered_at: number }>();
    expect(row!.stage).toBe('negotiate');
    const history = await env.DB.prepare(
      'SELECT from_stage, to_stage FROM deal_stage_history WHERE deal_id = ? ORDER BY changed_at DESC LIMIT 1',
    )
      .bind(deal.id)
      .first();
    expect(history).toEqual({ from_stage: deal.stage, to_stage: 'negotiate' });
    const [visit] = await visitsOf(deal.customerId);
    expect(visit).toMatchObject({ deal_id: deal.id, stage_reached: 'negotiate', aci_stage: 1 });
  });

  it('records the summary of a visit that wins or loses a deal as its close reason', async () => {
    // The last open deals of the rep: the stage test above moves the first one.
    const [toWin, toLose] = data.deals
      .filter((d) => d.ownerId === 'usr_rep_east1' && !['won', 'lost'].includes(d.stage))
      .reverse();
    const summary = 'Signed today: they chose us over the incumbent for the service terms.';
    await submitVisitForm(
      rep,
      toWin!.customerId,
      valid({ dealId: toWin!.id, stage: 'won', summary }),
    );
    const lost = 'Lost on price: the buyer took a cheaper offer.';
    await submitVisitForm(
      rep,
      toLose!.customerId,
      valid({ dealId: toLose!.id, stage: 'lost', summary: lost }),
    );
    const reasons = await env.DB.prepare(
      'SELECT id, stage, close_reason AS closeReason FROM deals WHERE id IN (?, ?) ORDER BY id',
    )
      .bind(toWin!.id, toLose!.id)
      .all();
    expect(reasons.results).toEqual(
      [
        { id: toWin!.id, stage: 'won', closeReason: summary },
        { id: toLose!.id, stage: 'lost', closeReason: lost },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    const page = await (await rep.get(`/deals/${toWin!.id}`)).text();
    expect(page).toContain(summary);
  });

  it('refuses a stage without a deal, and a deal of another customer', async () => {
    const noDeal = await submitVisitForm(rep, customer().id, valid({ stage: 'won' }));
    expect(await noDeal.text()).toContain('Choose the deal whose stage changed.');
    const foreignDeal = data.deals.find((d) => d.customerId !== customer().id)!;
    const wrong = await submitVisitForm(rep, customer().id, valid({ dealId: foreignDeal.id }));
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('That deal does not belong to this customer.');
  });

  it('keeps a visit queued offline at the time it was recorded', async () => {
    const recordedAt = Date.now() - 3 * 3_600_000;
    await submitVisitForm(rep, customer().id, valid({ recordedAt: String(recordedAt) }));
    const [latest] = await env.DB.prepare(
      'SELECT visited_at FROM visits WHERE customer_id = ? ORDER BY visited_at DESC LIMIT 1',
    )
      .bind(customer().id)
      .all<{ visited_at: number }>()
      .then((r) => r.results);
    expect(latest!.visited_at).toBeGreaterThan(recordedAt);
    const { results } = await env.DB.prepare(
      'SELECT visited_at FROM visits WHERE customer_id = ? AND visited_at = ?',
    )
      .bind(customer().id, recordedAt)
      .all();
    expect(results).toHaveLength(1);
  });
});

describe('scope and photos', () => {
  it('a rep cannot log a visit on another rep’s customer: 404', async () => {
    const foreign = customerOf(data, 'usr_rep_east2');
    expect((await rep.get(`/customers/${foreign.id}/visits/new`)).status).toBe(404);
    const response = await submitVisitForm(rep, foreign.id, valid());
    expect(response.status).toBe(404);
    const { results } = await env.DB.prepare(
      'SELECT id FROM visits WHERE customer_id = ? AND rep_id = ?',
    )
      .bind(foreign.id, 'usr_rep_east1')
      .all();
    expect(results).toEqual([]);
  });

  it('stores the photo in R2 under an unguessable key, served only within scope', async () => {
    const jpeg = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9])], {
      type: 'image/jpeg',
    });
    await submitVisitForm(
      rep,
      customer().id,
      valid({ photo: new File([jpeg], 'p.jpg', { type: 'image/jpeg' }) as unknown as string }),
    );
    const [visit] = await visitsOf(customer().id);
    const key = visit!.photo_key as string;
    expect(key).toMatch(new RegExp(`^photos/${customer().id}/[0-9a-f-]{36}$`));
    expect(visit).toMatchObject({ aci_evidence: 1 });
    expect(await env.FILES.head(key)).not.toBeNull();
    const own = await rep.get(`/${key}`);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await own.arrayBuffer())).toHaveLength(9);
    expect((await otherRep.get(`/${key}`)).status).toBe(404);
    expect((await (await signInAs('manager.west@example.com')).get(`/${key}`)).status).toBe(404);
    expect((await (await signInAs('manager.east@example.com')).get(`/${key}`)).status).toBe(200);
    // Business sees the customer but not its visit evidence.
    expect((await (await signInAs('business.east@example.com')).get(`/${key}`)).status).toBe(404);
    expect((await call(`/${key}`)).status).toBe(303);
  });

  it('refuses a photo that is not an image', async () => {
    const response = await submitVisitForm(
      rep,
      customer().id,
      valid({ photo: new File(['hello'], 'a.txt', { type: 'text/plain' }) as unknown as string }),
    );
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('The photo must be a JPEG, PNG or WebP image.');
  });

  it('only reps log visits', async () => {
    const manager = await signInAs('manager.east@example.com');
    expect((await manager.get(`/customers/${customer().id}/visits/new`)).status).toBe(403);
  });
});
