import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type Browser } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

let rep: Browser;
const NOW = Date.now();

/** Leads of rep.east1 (and one of rep.east2) in each status, newest last. */
async function addLead(id: string, name: string, status: string, assignee: string, ageMin: number) {
  await env.DB.prepare(
    `INSERT INTO leads (id, region_id, city_id, assignee_id, channel, name, company, priority, status, created_at, updated_at)
     VALUES (?, 'reg_east', (SELECT city_id FROM users WHERE id = ?), ?, 'form', ?, 'Acme', 'normal', ?, ?, ?)`,
  )
    .bind(id, assignee, assignee, name, status, NOW - ageMin * 60_000, NOW - ageMin * 60_000)
    .run();
}

/** The names in the list's rows, in order. */
const rowTitles = (html: string) =>
  [...html.matchAll(/<span class="row-title">([^<]+)</g)].map((m) => m[1]!.split(' · ')[0]!);

beforeAll(async () => {
  await seedTinyCompany();
  // The seed's leads of these reps go back to the pool, so the tabs hold exactly what this test adds.
  await env.DB.prepare(
    "UPDATE leads SET assignee_id = NULL WHERE assignee_id IN ('usr_rep_east1', 'usr_rep_east2')",
  ).run();
  await addLead('lead_t_new', 'Nina New', 'new', 'usr_rep_east1', 5);
  await addLead('lead_t_contacted', 'Carl Contacted', 'contacted', 'usr_rep_east1', 10);
  await addLead('lead_t_conv', 'Vera Converted', 'converted', 'usr_rep_east1', 20);
  await addLead('lead_t_disq', 'Dora Disqualified', 'disqualified', 'usr_rep_east1', 30);
  await addLead('lead_t_other', 'Otto Other', 'new', 'usr_rep_east2', 1);
  rep = await signInAs('rep.east1@example.com');
});

describe('all my leads', () => {
  it('shows open leads newest first, linked to their pages, and not another rep’s', async () => {
    const response = await rep.get('/leads');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Leads</h1>');
    expect(rowTitles(html)).toEqual(['Nina New', 'Carl Contacted']);
    expect(html).toContain('href="/leads/lead_t_new"');
    expect(html).not.toContain('Otto Other');
    // A lead from a web form names its source in words, not the channel code.
    expect(html).toContain('Web form · New');
    expect(html).toMatch(/aria-current="page"[^>]*>Open</);
    // The header links to the list.
    expect(html).toMatch(/<header[\s\S]*href="\/leads"[\s\S]*<\/header>/);
  });

  it('shows converted and disqualified leads on their tabs', async () => {
    expect(rowTitles(await (await rep.get('/leads?tab=converted')).text())).toEqual([
      'Vera Converted',
    ]);
    expect(rowTitles(await (await rep.get('/leads?tab=disqualified')).text())).toEqual([
      'Dora Disqualified',
    ]);
    expect((await rep.get('/leads?tab=bogus')).status).toBe(400);
  });

  it('shows the manager every rep’s leads with who has them', async () => {
    const manager = await signInAs('manager.east@example.com');
    const html = await (await manager.get('/leads')).text();
    expect(rowTitles(html)).toEqual(expect.arrayContaining(['Otto Other', 'Nina New']));
    const { name } = (await env.DB.prepare(
      "SELECT name FROM users WHERE id = 'usr_rep_east2'",
    ).first<{
      name: string;
    }>())!;
    const row = html.slice(html.indexOf('Otto Other'));
    expect(row.slice(0, row.indexOf('</li>'))).toContain(` · ${name} · `);
  });

  it('pages with a "more" link, every lead once, rows only for htmx', async () => {
    for (let i = 0; i < 25; i++)
      await addLead(
        `lead_t_bulk${i}`,
        `Bulk ${String(i).padStart(2, '0')}`,
        'qualified',
        'usr_rep_east1',
        100 + i,
      );
    const seen: string[] = [];
    let html = await (await rep.get('/leads')).text();
    for (;;) {
      seen.push(...rowTitles(html));
      const more = /hx-get="(\/leads\?[^"]+)"/.exec(html)?.[1];
      if (!more) break;
      const response = await rep.get(more.replace(/&amp;/g, '&'), { 'hx-request': 'true' });
      html = await response.text();
      expect(html).not.toContain('<html');
    }
    expect(seen).toHaveLength(27);
    expect(new Set(seen).size).toBe(27);
    expect(seen[0]).toBe('Nina New');
    expect(seen[26]).toBe('Bulk 24');
  });

  it('lists a tab through the API', async () => {
    const response = await rep.get('/api/v1/leads?tab=converted');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { id: string }[] };
    expect(body.items.map((lead) => lead.id)).toEqual(['lead_t_conv']);
  });
});
