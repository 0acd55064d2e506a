import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

describe('migrations', () => {
  it('build the whole schema on an empty database', async () => {
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations' ORDER BY name",
    ).all<{ name: string }>();
    expect(results.map((r) => r.name)).toEqual([
      'account_tokens',
      'api_tokens',
      'assignment_cursors',
      'audit_log',
      'campaigns',
      'cities',
      'contacts',
      'contract_expiry_alerts',
      'contracts',
      'customer_health_nights',
      'customer_messages',
      // Customer search (FTS5) and the tables SQLite keeps for it.
      'customer_search',
      'customer_search_config',
      'customer_search_content',
      'customer_search_data',
      'customer_search_docsize',
      'customer_search_idx',
      'customers',
      'daily_first_responses',
      'daily_rollups',
      'deal_documents',
      'deal_stage_history',
      'deals',
      'escalations',
      'feedback_requests',
      'idempotency_keys',
      'import_errors',
      'imports',
      'job_runs',
      'keyword_rules',
      'lead_touches',
      'leads',
      'login_throttle',
      'notification_attempts',
      'notification_routes',
      'notifications',
      'one_time_secrets',
      'order_lines',
      'orders',
      'payments',
      'point_awards',
      'region_stats',
      'regions',
      'renewal_checks',
      'renewal_preparations',
      'reports',
      'rollup_days',
      'sessions',
      'silent_customer_reminders',
      'stage_gates',
      'task_templates',
      'tasks',
      'users',
      'visits',
      'wall_events',
      'webhook_deliveries',
      'webhook_signatures_seen',
      'webhook_sources',
    ]);
  });

  it('are recorded, and applying them again changes nothing', async () => {
    const before = await env.DB.prepare('SELECT count(*) AS n FROM d1_migrations').first<{
      n: number;
    }>();
    expect(before!.n).toBe(env.TEST_MIGRATIONS.length);
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
    const after = await env.DB.prepare('SELECT count(*) AS n FROM d1_migrations').first<{
      n: number;
    }>();
    expect(after!.n).toBe(before!.n);
  });

  it('index the paths the pages read (visits by customer, rep and city over time)', async () => {
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'visits'",
    ).all<{ name: string }>();
    expect(results.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'visits_customer_time_idx',
        'visits_rep_time_idx',
        'visits_city_time_idx',
        'visits_region_time_idx',
      ]),
    );
    const plan = await env.DB.prepare(
      "EXPLAIN QUERY PLAN SELECT count(*) FROM visits WHERE region_id = 'reg_east' AND visited_at >= 0",
    ).all<{ detail: string }>();
    expect(plan.results.map((r) => r.detail).join(' ')).toContain('visits_region_time_idx');
  });

  it('come with the default buying keywords of docs/rules.md', async () => {
    const { results } = await env.DB.prepare(
      'SELECT keyword FROM keyword_rules WHERE active = 1 ORDER BY keyword',
    ).all<{ keyword: string }>();
    expect(results.map((r) => r.keyword).sort()).toEqual(
      [
        'demo',
        'price',
        'pricing',
        'quote',
        'sample',
        'trial',
        '价格',
        '多少钱',
        '报价',
        '样品',
        '试用',
      ].sort(),
    );
  });

  it('enforce foreign keys', async () => {
    await expect(
      env.DB.prepare(
        "INSERT INTO cities (id, region_id, name, name_zh, lat, lng) VALUES ('c', 'no_such_region', 'x', 'x', 0, 0)",
      ).run(),
    ).rejects.toThrow(/FOREIGN KEY/);
  });
});
