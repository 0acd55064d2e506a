import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { archivalStatements } from '../worker/platform/audit/archival';
import { openDatabase } from '../worker/platform/db/client';
import { customers } from '../worker/platform/db/schema';
import { seedTinyCompany } from './helpers/seed';

beforeAll(async () => {
  await seedTinyCompany();
});

async function auditActions(subjectId: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    'SELECT action FROM audit_log WHERE subject_id = ? ORDER BY created_at',
  )
    .bind(subjectId)
    .all<{ action: string }>();
  return results.map((r) => r.action);
}

describe('archiving raced by a twin request', () => {
  it('writes one audit entry: the twin that finds the change made writes none', async () => {
    const db = openDatabase(env.DB);
    const { id } = (await env.DB.prepare(
      'SELECT id FROM customers WHERE archived_at IS NULL ORDER BY id LIMIT 1',
    ).first<{ id: string }>())!;
    // Both twins read the customer while it was live; the second batch lands after the first.
    const stale = { id, customerId: id, archivedAt: null };
    const archive = (now: number) =>
      archivalStatements(db, customers, stale, {
        archive: true,
        subjectType: 'customer',
        actorId: 'usr_rep_east1',
        now,
      }).statements;
    await db.batch(archive(1_000));
    await db.batch(archive(2_000));
    expect(await auditActions(id)).toEqual(['customer.archived']);
    const row = await env.DB.prepare('SELECT archived_at FROM customers WHERE id = ?')
      .bind(id)
      .first<{ archived_at: number }>();
    expect(row!.archived_at).toBe(1_000);
  });
});
