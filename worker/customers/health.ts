/**
 * Customer health, 0–100 (docs/rules.md#customer-health):
 *   40 × recency of last touch (1 at ≤ 7 days, 0 at ≥ 30, linear between)
 * + 30 × stage velocity (1 while the open deal is within its stage's norm, 0 at twice the norm)
 * + 30 × value share (contract value against the region's 90th percentile, capped at 1).
 * Below 60 is red, below 80 amber.
 */
import type { DealStage } from '../platform/db/schema';

const DAY = 86_400_000;

/** Days a deal normally spends in each open stage before it counts as slowing down. */
export const STAGE_NORM_DAYS: Record<DealStage, number | null> = {
  qualify: 14,
  discover: 21,
  propose: 21,
  negotiate: 30,
  won: null,
  lost: null,
};

export type HealthInput = {
  now: number;
  lastTouchAt: number | null;
  /** The customer's least advanced open deal, if any. */
  openDeal: { stage: DealStage; stageEnteredAt: number } | null;
  contractValueCents: number;
  regionP90ContractValueCents: number;
};

export type HealthBand = 'green' | 'amber' | 'red';
export type HealthFactor = 'recency' | 'velocity' | 'value';
export type Health = {
  score: number;
  band: HealthBand;
  factors: Record<HealthFactor, number>;
  weakest: HealthFactor;
};

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export function recencyFactor(lastTouchAt: number | null, now: number): number {
  if (lastTouchAt === null) return 0;
  const days = (now - lastTouchAt) / DAY;
  return clamp01((30 - days) / (30 - 7));
}

export function velocityFactor(openDeal: HealthInput['openDeal'], now: number): number {
  if (!openDeal) return 1;
  const norm = STAGE_NORM_DAYS[openDeal.stage];
  if (norm === null) return 1;
  const days = (now - openDeal.stageEnteredAt) / DAY;
  return clamp01(1 - (days - norm) / norm);
}

export function valueFactor(contractValueCents: number, regionP90: number): number {
  if (regionP90 <= 0) return contractValueCents > 0 ? 1 : 0;
  return clamp01(contractValueCents / regionP90);
}

/** A score below `red` is red, below `amber` amber, otherwise green. */
export const HEALTH_BAND_BELOW = { red: 60, amber: 80 } as const;

export function healthBand(score: number): HealthBand {
  if (score < HEALTH_BAND_BELOW.red) return 'red';
  if (score < HEALTH_BAND_BELOW.amber) return 'amber';
  return 'green';
}

/** The band a stored score shows as; a customer not scored yet is 'unknown'. */
export function storedHealthBand(score: number | null): HealthBand | 'unknown' {
  return score === null ? 'unknown' : healthBand(score);
}

export function customerHealth(input: HealthInput): Health {
  const factors = {
    recency: recencyFactor(input.lastTouchAt, input.now),
    velocity: velocityFactor(input.openDeal, input.now),
    value: valueFactor(input.contractValueCents, input.regionP90ContractValueCents),
  };
  const score = Math.round(40 * factors.recency + 30 * factors.velocity + 30 * factors.value);
  // The factor that costs the most points is the one worth acting on.
  const lost: Record<HealthFactor, number> = {
    recency: 40 * (1 - factors.recency),
    velocity: 30 * (1 - factors.velocity),
    value: 30 * (1 - factors.value),
  };
  const weakest = (Object.keys(lost) as HealthFactor[]).reduce((a, b) =>
    lost[b] > lost[a] ? b : a,
  );
  return { score, band: healthBand(score), factors, weakest };
}

/** The open deal furthest behind (earliest stage, then longest in it): it decides velocity. */
export function leastAdvancedOpenDeal(
  openDeals: { stage: DealStage; stageEnteredAt: number }[],
): HealthInput['openDeal'] {
  const order: DealStage[] = ['qualify', 'discover', 'propose', 'negotiate'];
  const open = openDeals.filter((deal) => order.includes(deal.stage));
  open.sort(
    (a, b) =>
      order.indexOf(a.stage) - order.indexOf(b.stage) || a.stageEnteredAt - b.stageEnteredAt,
  );
  return open[0] ?? null;
}

/** Nearest-rank 90th percentile. */
export function percentile90(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)] ?? 0;
}
