import { env } from 'cloudflare:workers';
import { generateSeed, type SeedData } from '../../scripts/seed/generate';
import { isDatabaseSeeded, writeSeed } from '../../scripts/seed/write';

export const TEST_SEED = 7;

/**
 * The tiny demo company (4 regions × 2 cities, one rep per city) written into this test file's
 * D1. Storage is per file, so each file seeds once; later calls return the same data.
 */
let seeded: Promise<SeedData> | undefined;
export function seedTinyCompany(): Promise<SeedData> {
  seeded ??= (async () => {
    const data = generateSeed({ seed: TEST_SEED, scale: 'tiny', now: Date.now() });
    if (!(await isDatabaseSeeded(env.DB))) await writeSeed(env.DB, data);
    return data;
  })();
  return seeded;
}

/** The first customer owned by `ownerId` in the seed. */
export function customerOf(data: SeedData, ownerId: string) {
  const customer = data.customers.find((c) => c.ownerId === ownerId);
  if (!customer) throw new Error(`no customer owned by ${ownerId}`);
  return customer;
}
