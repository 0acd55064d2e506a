/** Shared by the benchmarks: which demo rep to measure, and signing in over HTTP. */
import { generateSeed, DEMO_PASSWORD, type SeedScale } from '../seed/generate';

export const DEFAULT_SEED = 20261123;

/** The rep with the most customers in the seeded company: the heaviest rep pages. */
export function busiestRep(
  scale: SeedScale,
  seed = DEFAULT_SEED,
): { email: string; customers: number } {
  const data = generateSeed({ seed, scale, now: Date.now() });
  const counts = new Map<string, number>();
  for (const customer of data.customers)
    counts.set(customer.ownerId, (counts.get(customer.ownerId) ?? 0) + 1);
  const [ownerId, customers] = [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  )[0]!;
  return { email: data.users.find((u) => u.id === ownerId)!.email, customers };
}

export async function signIn(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
    headers: { origin: baseUrl },
    redirect: 'manual',
  });
  const cookie = /fw_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
  if (response.status !== 303 || !cookie)
    throw new Error(`sign-in as ${email} failed: ${response.status}`);
  return cookie;
}
