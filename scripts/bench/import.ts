/**
 * `npm run bench:import [-- --rows 30000]`: imports a customer CSV made by the seed generator
 * (the large company's customers, 1% of rows deliberately wrong) through a local Fieldwall — the
 * upload, the preview's mapping, the queue's chunks — and reports rows per second (from the start
 * button to the last chunk) and D1 statements per 1,000 rows (the chunk runner counts them).
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { LocalApp } from '../local-app';
import { generateSeed } from '../seed/generate';
import { customerImportCsv } from '../seed/import-csv';
import { DEFAULT_SEED, signIn } from './session';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '30000' } } });
const rows = Number(values.rows);

const app = await LocalApp.create('tiny');
try {
  const base = app.baseUrl;
  const company = generateSeed({ seed: DEFAULT_SEED, scale: 'tiny', now: Date.now() });
  const source = generateSeed({ seed: DEFAULT_SEED, scale: 'large', now: Date.now() });
  const file = customerImportCsv(source, company, 'reg_east', rows);
  const cookie = await signIn(base, 'admin@example.com');
  const get = (path: string) => fetch(base + path, { headers: { cookie }, redirect: 'manual' });

  const form = await (await get('/imports/new')).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
  const body = new FormData();
  body.append('_csrf', csrf);
  body.append('submissionKey', /name="submissionKey" value="([^"]+)"/.exec(form)![1]!);
  body.append('kind', 'customers');
  body.append('regionId', 'reg_east');
  body.append('file', new File([file.csv], 'customers.csv', { type: 'text/csv' }));
  const uploaded = await fetch(`${base}/imports/new`, {
    method: 'POST',
    body,
    headers: { cookie, origin: base },
    redirect: 'manual',
  });
  const path = uploaded.headers.get('location');
  if (uploaded.status !== 303 || !path) throw new Error(`upload answered ${uploaded.status}`);

  const preview = await (await get(path)).text();
  const mapping = new URLSearchParams({ _csrf: csrf });
  for (const [, column, options] of preview.matchAll(
    /<select id="column-(\d+)" name="column-\d+">(.*?)<\/select>/gs,
  ))
    mapping.set(`column-${column}`, /<option value="(\w*)" selected/.exec(options!)?.[1] ?? '');
  const started = Date.now();
  await fetch(`${base}${path}/start`, {
    method: 'POST',
    body: mapping,
    headers: { cookie, origin: base },
    redirect: 'manual',
  });
  // Poll the progress fragment the page polls, until it stops asking to be polled.
  let fragment = '';
  do {
    await new Promise((resolve) => setTimeout(resolve, 250));
    fragment = await (await get(`${path}/progress`)).text();
  } while (fragment.includes('hx-trigger'));
  const seconds = (Date.now() - started) / 1000;

  const query = spawnSync(
    'npx',
    [
      'wrangler',
      'd1',
      'execute',
      'DB',
      '--local',
      '--persist-to',
      app.persistTo,
      '--json',
      '--command',
      `SELECT status, total_rows, created_count, updated_count, unchanged_count, error_count, statement_count FROM imports WHERE id = '${path.split('/').pop()}'`,
    ],
    { encoding: 'utf8', env: { ...process.env, CI: 'true' } },
  );
  const result = JSON.parse(query.stdout)[0].results[0] as Record<string, number | string>;
  const statements = Number(result.statement_count);
  console.log(
    `Customer import of ${rows.toLocaleString('en')} rows (${file.badRows.length} deliberately bad), local wrangler dev\n`,
  );
  console.log(`status            ${result.status}`);
  console.log(
    `created/updated   ${result.created_count} / ${result.updated_count} (unchanged ${result.unchanged_count})`,
  );
  console.log(`rows with errors  ${result.error_count} (expected ${file.badRows.length})`);
  console.log(`time              ${seconds.toFixed(1)} s from "Start import" to the last chunk`);
  console.log(`rows per second   ${Math.round(rows / seconds)}`);
  console.log(
    `D1 statements     ${statements} in all, ${(statements / (rows / 1000)).toFixed(1)} per 1,000 rows`,
  );
} finally {
  await app.dispose();
}
