import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { call, ORIGIN, signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';
import { localInput, northOf, submitVisitForm } from './helpers/visits';

let data: SeedData;
let rep: Browser;

beforeAll(async () => {
  data = await seedTinyCompany();
  rep = await signInAs('rep.east1@example.com');
});

describe('everyday wording', () => {
  it('a far-off check-in reads in kilometres, not raw metres', async () => {
    const customer = data.customers.find(
      (c) => c.ownerId === 'usr_rep_east1' && c.lat !== null && c.lng !== null,
    )!;
    const position = northOf({ lat: customer.lat!, lng: customer.lng! }, 1_069_057);
    const saved = await submitVisitForm(rep, customer.id, {
      idempotencyKey: crypto.randomUUID(),
      summary: 'Checked in from the wrong city.',
      nextFollowUpAt: localInput(3),
      lat: String(position.lat),
      lng: String(position.lng),
    });
    expect(saved.status).toBe(303);
    const html = await (await rep.get(`/customers/${customer.id}`)).text();
    const line = /Checked in ([^<]+) away/.exec(html)?.[1];
    expect(line).toMatch(/^1,06[89] km$/);
    expect(html).not.toMatch(/Checked in \d{4,} m away/);
  });

  it('every page offers the language switch as a form with its own Apply button, working without JS', async () => {
    const admin = await signInAs('admin@example.com');
    const pages: [Browser | null, string][] = [
      [null, '/login'],
      [rep, '/rep'],
      [rep, '/rep/today'],
      [rep, '/customers'],
      [rep, '/no-such-page'],
      [admin, '/admin/campaigns'],
    ];
    for (const [browser, path] of pages) {
      const html = await (browser ? browser.get(path) : call(path)).then((r) => r.text());
      const form = /<form method="post" action="\/settings\/locale">([\s\S]*?)<\/form>/.exec(
        html,
      )?.[1];
      expect(form, path).toBeDefined();
      expect(form, path).toMatch(/<select[^>]*name="locale"/);
      expect(form, path).toMatch(/<button type="submit">Apply<\/button>/);
    }
    // What the form sends, posted as a browser without JS would.
    const switched = await rep.post('/settings/locale', { locale: 'zh-CN', next: '/customers' });
    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe('/customers');
    expect(await (await rep.get('/customers')).text()).toContain('<html lang="zh-CN">');
    await rep.post('/settings/locale', { locale: 'en', next: '/' }, { origin: ORIGIN });
  });
});
