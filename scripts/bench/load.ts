/** A closed-loop load generator for the HTTP benchmarks: N clients, each sending back to back. */

export type LoadResult = {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Map<number, number>;
};

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

export async function load(
  name: string,
  options: { clients: number; seconds: number },
  request: (n: number) => Promise<Response>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const deadline = performance.now() + options.seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        const response = await request(n++);
        await response.arrayBuffer();
        latencies.push(performance.now() - started);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    perSecond: latencies.length / options.seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    statuses,
  };
}

export function printTable(results: LoadResult[]) {
  console.log('| call | requests | per second | p50 ms | p99 ms | statuses |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const r of results)
    console.log(
      `| ${r.name} | ${r.requests} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${[...r.statuses].map(([s, c]) => `${s}×${c}`).join(' ')} |`,
    );
}
