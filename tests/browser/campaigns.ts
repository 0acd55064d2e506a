import { expect } from 'vitest';
import type { LocalApp } from '../../scripts/local-app';
import { signIn } from '../../scripts/bench/session';

/** HQ publishes a one-task campaign for Shanghai, due in two days, needing the given evidence. */
export async function publishShanghaiTask(
  app: LocalApp,
  title: string,
  evidence: string[] = [],
): Promise<void> {
  const cookie = await signIn(app.baseUrl, 'admin@example.com');
  const form = await (
    await fetch(`${app.baseUrl}/admin/campaigns`, { headers: { cookie } })
  ).text();
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(form)![1]!;
  const post = (path: string, fields: [string, string][]) =>
    fetch(app.baseUrl + path, {
      method: 'POST',
      body: new URLSearchParams([['_csrf', field('_csrf')], ...fields]),
      headers: { cookie, origin: app.baseUrl },
      redirect: 'manual',
    });
  const created = await post('/admin/campaigns', [
    ['submissionKey', field('submissionKey')],
    ['name', title],
    ['t0_title', title],
    ['t0_perCity', '1'],
    ['t0_dueOffsetHours', '48'],
    ['t0_cities', 'city_shanghai'],
    ...evidence.map((e): [string, string] => ['t0_evidence', e]),
  ]);
  expect(created.status).toBe(303);
  const list = await (
    await fetch(`${app.baseUrl}/admin/campaigns`, { headers: { cookie } })
  ).text();
  const campaignId = /action="\/admin\/campaigns\/([0-9a-f-]{36})\/publish"/.exec(list)![1]!;
  expect((await post(`/admin/campaigns/${campaignId}/publish`, [])).status).toBe(303);
}
