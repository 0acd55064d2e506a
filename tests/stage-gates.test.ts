import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { signInAs, submissionKeyIn, type Browser } from './helpers/http';
import { customerOf, seedTinyCompany } from './helpers/seed';
import { localInput, submitVisitForm, visitsOf } from './helpers/visits';
import {
  api,
  auditOf,
  createDealByApi,
  dealRow,
  postMultipart,
  submitNewDeal,
} from './helpers/deals';

let data: SeedData;
let admin: Browser;
let rep: Browser;
let otherRep: Browser;
let manager: Browser;
let business: Browser;

beforeAll(async () => {
  data = await seedTinyCompany();
  [admin, rep, otherRep, manager, business] = await Promise.all([
    signInAs('admin@example.com'),
    signInAs('rep.east1@example.com'),
    signInAs('rep.east2@example.com'),
    signInAs('manager.east@example.com'),
    signInAs('business.east@example.com'),
  ]);
});

const customer = () => customerOf(data, 'usr_rep_east1');
const PDF = () =>
  new File(['%PDF-1.4 signed requirements'], 'requirements.pdf', { type: 'application/pdf' });

describe('the stage gates admin page', () => {
  it('lists the demo gate and lets the admin add and remove a requirement', async () => {
    const page = await (await admin.get('/admin/stage-gates')).text();
    expect(page).toContain('a document: Signed requirements form');

    const added = await admin.submit('/admin/stage-gates', {
      stage: 'won',
      requirement: 'contact_role',
      contactRole: 'decision_maker',
    });
    expect(added.status).toBe(303);
    const withGate = await (await admin.get('/admin/stage-gates')).text();
    const wonSection = withGate.slice(
      withGate.indexOf('id="gates-won"'),
      withGate.indexOf('id="gates-lost"'),
    );
    expect(wonSection).toContain('a contact: Decision maker');

    const duplicate = await admin.submit('/admin/stage-gates', {
      stage: 'won',
      requirement: 'contact_role',
      contactRole: 'decision_maker',
    });
    expect(duplicate.status).toBe(422);
    expect(await duplicate.text()).toContain('That stage already has this requirement.');

    const gateId = /action="\/admin\/stage-gates\/([0-9a-f-]{36})\/remove"/.exec(wonSection)![1]!;
    expect((await admin.post(`/admin/stage-gates/${gateId}/remove`)).status).toBe(303);
    const after = await (await admin.get('/admin/stage-gates')).text();
    expect(after).not.toContain(gateId);
    const actions = await env.DB.prepare(
      "SELECT action FROM audit_log WHERE subject_type = 'stage_gate' AND subject_id = ? ORDER BY created_at",
    )
      .bind(gateId)
      .all<{ action: string }>();
    expect(actions.results.map((row) => row.action)).toEqual([
      'stage_gate.added',
      'stage_gate.removed',
    ]);
  });

  it('refuses a document requirement without its code and labels', async () => {
    const response = await admin.submit('/admin/stage-gates', {
      stage: 'negotiate',
      requirement: 'document',
      documentKind: 'Bad Code',
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('A document needs a code');
  });

  it('is the admin’s only', async () => {
    expect((await manager.get('/admin/stage-gates')).status).toBe(403);
    const page = await (await admin.get('/admin/stage-gates')).text();
    const refused = await manager.post('/admin/stage-gates', {
      submissionKey: submissionKeyIn(page, '/admin/stage-gates'),
      stage: 'qualify',
      requirement: 'note',
    });
    expect(refused.status).toBe(403);
    const { n } = (await env.DB.prepare(
      "SELECT count(*) AS n FROM stage_gates WHERE stage = 'qualify'",
    ).first<{ n: number }>())!;
    expect(n).toBe(0);
  });
});

describe('moving a deal into a gated stage', () => {
  let dealId: string;
  beforeAll(async () => {
    dealId = await createDealByApi(rep, {
      customerId: customer().id,
      name: 'Cold room sensors',
      stage: 'discover',
    });
  });

  it('on the page: refused with the missing document by its label, in English and Chinese, with a way to add it', async () => {
    const refused = await rep.post(`/deals/${dealId}/stage`, { stage: 'propose' });
    expect(refused.status).toBe(422);
    const page = await refused.text();
    const missing = page.slice(page.indexOf('id="stage-missing"'));
    expect(missing).toContain('a document: Signed requirements form');
    expect(missing).toContain(`href="/deals/${dealId}?kind=requirements_form#add-document"`);

    const zh = await (
      await rep.post(`/deals/${dealId}/stage`, { stage: 'propose' }, { 'accept-language': 'zh-CN' })
    ).text();
    expect(zh).toContain('文件：签字需求确认书');
    expect((await dealRow(dealId))!.stage).toBe('discover');
  });

  it('in the API: 422 stage_gate_unmet listing what is missing', async () => {
    const response = await api(rep, 'PATCH', `/api/v1/deals/${dealId}`, { stage: 'propose' });
    expect(response.status).toBe(422);
    const body = (await response.json()) as {
      error: { code: string; message: string; details: { missing: unknown[] } };
    };
    expect(body.error.code).toBe('stage_gate_unmet');
    expect(body.error.message).toContain('Signed requirements form');
    expect(body.error.details.missing).toEqual([
      {
        requirement: 'document',
        documentKind: 'requirements_form',
        label: 'Signed requirements form',
        labelZh: '签字需求确认书',
      },
    ]);
    expect((await dealRow(dealId))!.stage).toBe('discover');
  });

  it('in a visit that moves the stage: the form comes back (422) with the list at the stage field, nothing saved', async () => {
    const before = (await visitsOf(customer().id)).length;
    const response = await submitVisitForm(rep, customer().id, {
      idempotencyKey: crypto.randomUUID(),
      summary: 'Walked through the proposal outline with the plant manager.',
      nextFollowUpAt: localInput(3),
      dealId,
      stage: 'propose',
    });
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toContain('This stage needs more first:');
    expect(page).toContain('a document: Signed requirements form');
    expect((await visitsOf(customer().id)).length).toBe(before);
    expect((await dealRow(dealId))!.stage).toBe('discover');
  });

  it('passes once a document of that kind is uploaded (a visit moves it), with audit entries', async () => {
    const form = await (await rep.get(`/deals/${dealId}?kind=requirements_form`)).text();
    expect(form).toMatch(
      /<option value="requirements_form" selected="">Signed requirements form<\/option>/,
    );
    const wrongType = await postMultipart(rep, `/deals/${dealId}/documents`, {
      documentKind: 'requirements_form',
      file: new File(['<script>'], 'page.html', { type: 'text/html' }),
    });
    expect(wrongType.status).toBe(422);
    expect(await wrongType.text()).toContain(
      'Choose a PDF, JPEG, PNG or WebP file of at most 10 MB.',
    );

    const uploaded = await postMultipart(rep, `/deals/${dealId}/documents`, {
      documentKind: 'requirements_form',
      file: PDF(),
    });
    expect(uploaded.status).toBe(303);
    const note = await rep.post(`/deals/${dealId}/notes`, {
      note: 'Signed by the plant manager on site.',
    });
    expect(note.status).toBe(303);
    const page = await (await rep.get(`/deals/${dealId}`)).text();
    expect(page).toContain('requirements.pdf');
    expect(page).toContain('Signed by the plant manager on site.');
    expect(page).toContain('Nothing is missing to move to Propose.');

    const visit = await submitVisitForm(rep, customer().id, {
      idempotencyKey: crypto.randomUUID(),
      summary: 'Handed over the signed requirements form and the proposal.',
      nextFollowUpAt: localInput(3),
      dealId,
      stage: 'propose',
    });
    expect(visit.status).toBe(303);
    expect((await dealRow(dealId))!.stage).toBe('propose');
    const actions = (await auditOf(dealId)).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['deal.document_added', 'deal.note_added']));
    expect((await auditOf(dealId)).every((entry) => entry.customer_id === customer().id)).toBe(
      true,
    );
  });

  it('serves the file to the owner and the region’s manager, 404 to another rep and to business', async () => {
    const page = await (await rep.get(`/deals/${dealId}`)).text();
    const href = new RegExp(`href="(/deals/${dealId}/documents/[0-9a-f-]{36})"`).exec(page)![1]!;
    const mine = await rep.get(href);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('application/pdf');
    expect(mine.headers.get('content-disposition')).toBe(
      "attachment; filename*=UTF-8''requirements.pdf",
    );
    expect(mine.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new TextDecoder().decode(await mine.arrayBuffer())).toBe('%PDF-1.4 signed requirements');
    expect((await manager.get(href)).status).toBe(200);
    expect((await otherRep.get(href)).status).toBe(404);
    expect((await business.get(href)).status).toBe(404);
    const key = await env.DB.prepare(
      'SELECT file_key FROM deal_documents WHERE deal_id = ? AND kind = ?',
    )
      .bind(dealId, 'file')
      .first<{ file_key: string }>();
    expect(key!.file_key).toMatch(new RegExp(`^deal-files/${dealId}/[0-9a-f-]{36}$`));
  });

  it('moving back to an earlier stage is never gated', async () => {
    // Created past the gate (negotiate has none) and without the document: stepping back into propose is allowed.
    const late = await createDealByApi(rep, {
      customerId: customer().id,
      name: 'Late-stage deal',
      stage: 'negotiate',
    });
    const back = await api(rep, 'PATCH', `/api/v1/deals/${late}`, { stage: 'propose' });
    expect(back.status).toBe(200);
    expect((await dealRow(late))!.stage).toBe('propose');
    // Forward again from discover into propose is gated.
    expect((await api(rep, 'PATCH', `/api/v1/deals/${late}`, { stage: 'discover' })).status).toBe(
      200,
    );
    expect((await api(rep, 'PATCH', `/api/v1/deals/${late}`, { stage: 'propose' })).status).toBe(
      422,
    );
  });

  it('a new deal cannot be created straight into the gated stage (form and API)', async () => {
    const form = await submitNewDeal(rep, customer().id, {
      name: 'Skip the gate',
      amount: '100',
      currency: 'CNY',
      expectedCloseAt: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      stage: 'propose',
    });
    expect(form.status).toBe(422);
    const page = await form.text();
    expect(page).toContain('a document: Signed requirements form');
    expect(page).toContain('Create the deal at an earlier stage');
    const response = await api(
      rep,
      'POST',
      '/api/v1/deals',
      {
        customerId: customer().id,
        name: 'Skip the gate',
        amountCents: 100,
        currency: 'CNY',
        expectedCloseAt: new Date(Date.now() + 86_400_000).toISOString(),
        stage: 'propose',
      },
      { 'idempotency-key': crypto.randomUUID() },
    );
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'stage_gate_unmet',
    );
  });
});
