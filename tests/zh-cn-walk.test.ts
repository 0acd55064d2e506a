/**
 * Every page every role can reach, read in 简体中文: any English word left on it must be data
 * (a person's, customer's or product's name, a message someone typed, an email, a code), never
 * a label, a status, a region or a stored code shown raw.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { seedTinyCompany } from './helpers/seed';
import { signInAs, type Browser } from './helpers/http';

// Words that are names of products or standards, the same in every language.
const PRODUCT_WORDS = [
  'Fieldwall',
  'English',
  'Slack',
  'Typeform',
  'Tally',
  'Webhooks',
  'Webhook',
  'ACI',
  'API',
  'JSON',
  'URL',
  'HTTPS',
  'SKU',
  'Bearer',
  'whsec',
  'OpenAPI',
  'CSV',
  'HMAC',
  'Token',
  'QPS',
  // File formats and ISO 4217 currency codes.
  'PDF',
  'UTF',
  'GBK',
  'Excel',
  'JPEG',
  'PNG',
  'WebP',
  'CNY',
  'USD',
  'EUR',
  'HKD',
];

// Free text people typed (or the demo generator typed for them). Region and city names, industries,
// statuses and task titles are NOT here: they have catalog entries or a Chinese column.
const DATA_FIELDS = new Set([
  'name',
  'company',
  'email',
  'message',
  'address',
  'number',
  'summary',
  'commitmentText',
  'renewalTerms',
  'paymentTerms',
  'phone',
  'sku',
  'skus',
  'evidenceNote',
]);
const DATA_TABLES = [
  'users',
  'customers',
  'contacts',
  'deals',
  'contracts',
  'orders',
  'leads',
  'leadTouches',
  'campaigns',
  'webhookSources',
] as const;
const CONTACT_FIELDS = new Set(['title']);

function words(text: string): string[] {
  return text.match(/[A-Za-z][A-Za-z'’]{2,}/g) ?? [];
}

function dataWords(data: SeedData): Set<string> {
  const allowed = new Set(PRODUCT_WORDS.map((w) => w.toLowerCase()));
  const take = (value: unknown) => {
    if (typeof value === 'string') for (const word of words(value)) allowed.add(word.toLowerCase());
    else if (value && typeof value === 'object')
      for (const inner of Object.values(value)) take(inner);
  };
  for (const table of DATA_TABLES) {
    for (const row of data[table] as Record<string, unknown>[])
      for (const [field, value] of Object.entries(row))
        if (DATA_FIELDS.has(field) || (table === 'contacts' && CONTACT_FIELDS.has(field)))
          take(value);
  }
  for (const visit of data.visits()) {
    take(visit.summary);
    take(visit.commitmentText);
  }
  return allowed;
}

/** The words a person reads: text nodes and the labels assistive technology reads out. */
function visibleText(html: string): string {
  const body = html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ');
  const attributes = [...body.matchAll(/\s(?:aria-label|placeholder|title|alt)="([^"]*)"/g)].map(
    (m) => m[1],
  );
  const title = /<title>([^<]*)<\/title>/.exec(body)?.[1] ?? '';
  const text = body
    .replace(/<head>[\s\S]*?<\/head>/, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
  return [title, text, ...attributes].join(' ');
}

/** Mono/code text (URLs, endpoints, error codes a machine produced) is data by construction. */
function withoutCode(html: string): string {
  return html
    .replace(/<(td|span|code|p|pre) class="[^"]*\bmono\b[^"]*"[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<(textarea)[^>]*>[\s\S]*?<\/textarea>/g, ' ');
}

function linksIn(html: string): string[] {
  return [...html.matchAll(/<a [^>]*href="(\/[^"#?]*)(?:[?#][^"]*)?"/g)].map((m) => m[1]!);
}

// Not pages: files, sockets, sign-out, and the raw report documents (bilingual by design).
const SKIP = [
  /^\/logout/,
  /^\/photos\//,
  /^\/task-photos\//,
  /^\/reports\/./,
  /^\/assets\//,
  /^\/wall\/live/,
  /^\/api\//,
  /^\/favicon/,
  /\.(js|css|svg|png|json)$/,
];

async function walk(browser: Browser, start: string, limit: number): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  const queue = [start, '/inbox'];
  const seenShapes = new Map<string, number>();
  while (queue.length > 0 && pages.size < limit) {
    const path = queue.shift()!;
    if (pages.has(path) || SKIP.some((re) => re.test(path))) continue;
    // At most three pages of one shape (customer pages, task pages…): enough to see their words.
    const shape = path.replace(/\/[^/]*\d[^/]*/g, '/:id');
    if ((seenShapes.get(shape) ?? 0) >= 3) continue;
    seenShapes.set(shape, (seenShapes.get(shape) ?? 0) + 1);
    const response = await browser.get(path, { accept: 'text/html' });
    if (
      response.status !== 200 ||
      !(response.headers.get('content-type') ?? '').includes('text/html')
    )
      continue;
    const html = await response.text();
    pages.set(path, html);
    for (const link of linksIn(html)) if (!pages.has(link)) queue.push(link);
  }
  return pages;
}

const ROLES = [
  ['rep', 'rep.east1@example.com', '/rep'],
  ['manager', 'manager.east@example.com', '/manager/wall'],
  ['director', 'director@example.com', '/manager/wall'],
  ['admin', 'admin@example.com', '/admin/api-tokens'],
  ['business', 'business.east@example.com', '/customers'],
  ['legal', 'legal.east@example.com', '/customers'],
] as const;

let allowed: Set<string>;
beforeAll(async () => {
  allowed = dataWords(await seedTinyCompany());
  // Buying keywords are data too, and the keywords page's example of whole-word matching names one.
  const { results } = await env.DB.prepare('SELECT keyword FROM keyword_rules').all<{
    keyword: string;
  }>();
  for (const word of [...results.map((r) => r.keyword), 'priceless'])
    allowed.add(word.toLowerCase());
  // Something in every admin list: a route and a keyword rule.
  await env.DB.batch([
    env.DB.prepare(
      "INSERT OR IGNORE INTO notification_routes (id, name, user_id, region_id, channel, url, secret, rate_per_minute, active, created_at) VALUES ('route_walk', '华东群', NULL, 'reg_east', 'dingtalk', 'https://oapi.dingtalk.test/robot/send?access_token=t', NULL, 20, 1, 0)",
    ),
    env.DB.prepare(
      "INSERT OR IGNORE INTO keyword_rules (id, keyword, language, active, created_at) VALUES ('kw_walk', '报价', 'zh', 1, 0)",
    ),
  ]);
});

describe('every page in 简体中文', () => {
  for (const [role, email, home] of ROLES) {
    it(`${role}: no English text that is not data`, async () => {
      const browser = await signInAs(email);
      expect((await browser.post('/settings/locale', { locale: 'zh-CN', next: home })).status).toBe(
        303,
      );
      const pages = await walk(browser, home, 40);
      expect(pages.size).toBeGreaterThan(2);
      const leftovers: string[] = [];
      for (const [path, html] of pages) {
        const found = [
          ...new Set(
            words(visibleText(withoutCode(html))).filter(
              (word) => !allowed.has(word.toLowerCase()),
            ),
          ),
        ];
        if (found.length > 0) leftovers.push(`${path}: ${found.join(', ')}`);
      }
      expect(leftovers, `walked ${[...pages.keys()].join(' ')}`).toEqual([]);
    });
  }
});

describe('a campaign task in one language', () => {
  it('shows its English wording in English and its Chinese wording in 简体中文, never both', async () => {
    const rep = await signInAs('rep.east2@example.com');
    const heading = async () =>
      /<h1>([^<]*)<\/h1>/.exec(
        await (await rep.get('/tasks/tpl_display_photo.city_hangzhou.1')).text(),
      )?.[1];
    const description = async () =>
      (await (await rep.get('/tasks/tpl_display_photo.city_hangzhou.1')).text()).includes(
        '<p>在现场拍一张陈列照片。</p>',
      );
    expect(await heading()).toBe('Photograph the new display');
    expect(await description()).toBe(false);
    await rep.post('/settings/locale', { locale: 'zh-CN', next: '/rep' });
    expect(await heading()).toBe('拍摄新陈列');
    expect(await description()).toBe(true);
  });
});
