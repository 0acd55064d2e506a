import { DurableObject } from 'cloudflare:workers';
import { and, eq, gte, inArray, or } from 'drizzle-orm';
import { openDatabase } from '../worker/db/client';
import { tasks } from '../worker/db/schema';
import { summarizeWall, type WallSummary, type WallTask } from './wall-summary';

const DAY = 86_400_000;

/**
 * The live task wall of one region (addressed by `idFromName(regionId)`), in the object's own
 * SQLite storage. D1 keeps the history; on first use the object loads the region's live tasks
 * (open, claimed, or done in the last two days) from D1 and serves the wall from memory-close
 * storage afterwards.
 */
export class RegionWall extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS wall_tasks (
        id TEXT PRIMARY KEY,
        city_id TEXT NOT NULL,
        status TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        completed_at INTEGER
      )`);
      this.sql.exec('CREATE TABLE IF NOT EXISTS wall_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    });
  }

  /** Column counts for the region and per city; `dayStartedAt` is the region-local midnight. */
  async summary(regionId: string, now: number, dayStartedAt: number): Promise<WallSummary> {
    await this.hydrate(regionId, now);
    const rows = this.sql
      .exec<{ id: string; city_id: string; status: WallTask['status']; due_at: number; completed_at: number | null }>(
        'SELECT id, city_id, status, due_at, completed_at FROM wall_tasks',
      )
      .toArray();
    return summarizeWall(
      rows.map((r) => ({ id: r.id, cityId: r.city_id, status: r.status, dueAt: r.due_at, completedAt: r.completed_at })),
      now,
      dayStartedAt,
    );
  }

  private async hydrate(regionId: string, now: number): Promise<void> {
    const loaded = this.sql.exec<{ value: string }>("SELECT value FROM wall_meta WHERE key = 'region_id'").toArray()[0];
    if (loaded) {
      if (loaded.value !== regionId) throw new Error(`RegionWall for ${loaded.value} was asked about ${regionId}`);
      return;
    }
    const db = openDatabase(this.env.DB);
    const live = await db
      .select({ id: tasks.id, cityId: tasks.cityId, status: tasks.status, dueAt: tasks.dueAt, completedAt: tasks.completedAt })
      .from(tasks)
      .where(and(eq(tasks.regionId, regionId), or(inArray(tasks.status, ['open', 'claimed']), gte(tasks.completedAt, now - 2 * DAY))));
    this.ctx.storage.transactionSync(() => {
      for (const task of live) {
        this.sql.exec(
          'INSERT OR REPLACE INTO wall_tasks (id, city_id, status, due_at, completed_at) VALUES (?, ?, ?, ?, ?)',
          task.id,
          task.cityId,
          task.status,
          task.dueAt,
          task.completedAt,
        );
      }
      this.sql.exec("INSERT INTO wall_meta (key, value) VALUES ('region_id', ?)", regionId);
    });
  }
}
