import { describe, expect, it } from 'vitest';
import configText from '../wrangler.jsonc?raw';
import { CRON_SCHEDULE } from '../queues/cron';

/** Drops `//` and block comments outside strings, and trailing commas: enough JSONC for our config. */
function parseJsonc(text: string): Record<string, any> {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      const end = text.indexOf('"', i + 1);
      let j = end;
      while (text[j - 1] === '\\') j = text.indexOf('"', j + 1);
      out += text.slice(i, j + 1);
      i = j;
    } else if (ch === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i) - 1;
    } else if (ch === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i) + 1;
    } else out += ch;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

const config = parseJsonc(configText);
const BINDING_KEYS = ['d1_databases', 'durable_objects', 'queues', 'r2_buckets'] as const;

describe('wrangler.jsonc', () => {
  it('runs locally as development, so the D1 round-trip header is only ever local', () => {
    expect(config.vars.ENVIRONMENT).toBe('development');
  });

  it('has a production environment that `npm run deploy` uses, with production settings', () => {
    const production = config.env?.production;
    expect(production?.vars?.ENVIRONMENT).toBe('production');
    expect(production.name).toBe(config.name);
    // Every var exists in both, so production never runs on a missing setting.
    expect(Object.keys(production.vars).sort()).toEqual(Object.keys(config.vars).sort());
  });

  it('repeats every binding in production (wrangler does not inherit them)', () => {
    for (const key of BINDING_KEYS) expect(config.env.production[key], key).toEqual(config[key]);
  });
});

describe('cron triggers', () => {
  it('are exactly the schedule the code fans out, so no trigger is ignored and no job never runs', () => {
    const triggered: string[] = config.triggers?.crons ?? [];
    const scheduled = Object.keys(CRON_SCHEDULE);
    expect(
      triggered.filter((cron) => !scheduled.includes(cron)),
      'in wrangler.jsonc, unknown to the code',
    ).toEqual([]);
    expect(
      scheduled.filter((cron) => !triggered.includes(cron)),
      'in the code, never triggered',
    ).toEqual([]);
    expect(triggered).toHaveLength(new Set(triggered).size);
  });

  it('are inherited by production rather than listed twice', () => {
    // Wrangler inherits `triggers` into an environment; a copy there could drift from the code.
    expect(config.env.production.triggers).toBeUndefined();
  });
});
