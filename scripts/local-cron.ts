/**
 * `wrangler dev` does not fire Cron Triggers by itself; `npm start` runs this ticker, which fires
 * each configured cron at its minute through wrangler's /__scheduled test endpoint.
 */

/** Whether a five-field cron expression (numbers, `*`, `*\/n`, lists and ranges) matches a UTC minute. */
export function cronMatches(expression: string, at: Date): boolean {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`unsupported cron expression: ${expression}`);
  const values = [
    at.getUTCMinutes(),
    at.getUTCHours(),
    at.getUTCDate(),
    at.getUTCMonth() + 1,
    at.getUTCDay(),
  ];
  return fields.every((field, i) => field.split(',').some((part) => partMatches(part, values[i]!)));
}

function partMatches(part: string, value: number): boolean {
  const [range = '*', stepText] = part.split('/');
  const step = stepText ? Number(stepText) : 1;
  const [low, high] =
    range === '*'
      ? [0, Number.MAX_SAFE_INTEGER]
      : range.includes('-')
        ? (range.split('-').map(Number) as [number, number])
        : [Number(range), stepText ? Number.MAX_SAFE_INTEGER : Number(range)];
  return value >= low && value <= high && (value - low) % step === 0;
}

export function startLocalCron(
  crons: string[],
  baseUrl: string,
  log: (line: string) => void,
): () => void {
  let lastMinute = -1;
  const timer = setInterval(() => {
    const now = new Date();
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute === lastMinute) return;
    lastMinute = minute;
    for (const cron of crons) {
      if (!cronMatches(cron, now)) continue;
      fetch(`${baseUrl}/__scheduled?cron=${encodeURIComponent(cron)}`)
        .then((response) => log(`cron ${cron} → ${response.status}`))
        .catch((error: unknown) => log(`cron ${cron} failed: ${String(error)}`));
    }
  }, 5_000);
  return () => clearInterval(timer);
}
