import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { regionWall } from '../worker/tasks/wall';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '../scripts/seed/generate';
import { RegionWall } from '../durable-objects/region-wall/region-wall';
import { localDayStart } from '../worker/platform/time/zones';
import { signInAs } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

let data: SeedData;

beforeAll(async () => {
  data = await seedTinyCompany();
});

/** What the wall should count, with "done today" in the region's own time zone (not Shanghai's). */
function expectedCounts(regionId: string, now: number) {
  const dayStart = localDayStart(now, data.regions.find((r) => r.id === regionId)!.timeZone);
  const counts = { open: 0, claimed: 0, overdue: 0, doneToday: 0 };
  for (const task of data.tasks.filter((t) => t.regionId === regionId)) {
    if (task.status === 'done') counts.doneToday += task.completedAt! >= dayStart ? 1 : 0;
    else if (task.dueAt < now) counts.overdue += 1;
    else counts[task.status as 'open' | 'claimed'] += 1;
  }
  return counts;
}

describe('RegionWall', () => {
  it('loads its region’s live tasks from D1 and counts the columns', async () => {
    const now = Date.now();
    const timeZone = data.regions.find((r) => r.id === 'reg_east')!.timeZone;
    const summary = await regionWall(env, 'reg_east').summary(now, localDayStart(now, timeZone));
    expect(summary.total).toEqual(expectedCounts('reg_east', now));
    expect(Object.keys(summary.byCity).sort()).toEqual(['city_hangzhou', 'city_shanghai']);
  });

  it('keeps its state in its own storage across eviction', async () => {
    const stub = regionWall(env, 'reg_south');
    const now = Date.now();
    const before = await stub.summary(now, 0);
    // D1 changes after hydration do not reach the wall behind its back: the object owns the live state.
    await env.DB.prepare(
      "UPDATE tasks SET status = 'cancelled' WHERE region_id = 'reg_south'",
    ).run();
    await evictDurableObject(stub);
    expect(await stub.summary(now, 0)).toEqual(before);
    const stored = await runInDurableObject(stub, (instance: RegionWall, state) => {
      expect(instance).toBeInstanceOf(RegionWall);
      return state.storage.sql.exec('SELECT count(*) AS n FROM wall_tasks').one().n;
    });
    expect(stored).toBe(data.tasks.filter((t) => t.regionId === 'reg_south').length);
  });

  it('shows the numbers on the manager’s page', async () => {
    const browser = await signInAs('manager.west@example.com');
    const html = await (await browser.get('/manager/wall')).text();
    const now = Date.now();
    const counts = expectedCounts('reg_west', now);
    const footer = /<tfoot>(.*?)<\/tfoot>/s.exec(html)?.[1] ?? '';
    const numbers = [...footer.matchAll(/<strong>(\d+)<\/strong>/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual([counts.open, counts.claimed, counts.overdue, counts.doneToday]);
  });
});
