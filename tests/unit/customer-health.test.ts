import { describe, expect, it } from 'vitest';
import {
  customerHealth,
  healthBand,
  percentile90,
  recencyFactor,
  velocityFactor,
} from '../../worker/customers/health';

const DAY = 86_400_000;
const now = 1_000 * DAY;

describe('customer health', () => {
  it('scores recency 1 up to 7 days and 0 from 30 days', () => {
    expect(recencyFactor(now - 7 * DAY, now)).toBe(1);
    expect(recencyFactor(now - 30 * DAY, now)).toBe(0);
    expect(recencyFactor(now - 18.5 * DAY, now)).toBeCloseTo(0.5);
    expect(recencyFactor(null, now)).toBe(0);
  });

  it('scores stage velocity against the stage’s norm', () => {
    expect(velocityFactor({ stage: 'qualify', stageEnteredAt: now - 14 * DAY }, now)).toBe(1);
    expect(velocityFactor({ stage: 'qualify', stageEnteredAt: now - 21 * DAY }, now)).toBeCloseTo(
      0.5,
    );
    expect(velocityFactor({ stage: 'qualify', stageEnteredAt: now - 28 * DAY }, now)).toBe(0);
    expect(velocityFactor(null, now)).toBe(1);
  });

  it('adds 40 + 30 + 30 and names the weakest factor', () => {
    const full = customerHealth({
      now,
      lastTouchAt: now - DAY,
      openDeal: null,
      contractValueCents: 500,
      regionP90ContractValueCents: 400,
    });
    expect(full).toMatchObject({ score: 100, band: 'green' });
    const stale = customerHealth({
      now,
      lastTouchAt: now - 40 * DAY,
      openDeal: null,
      contractValueCents: 400,
      regionP90ContractValueCents: 400,
    });
    expect(stale).toMatchObject({ score: 60, band: 'amber', weakest: 'recency' });
    const small = customerHealth({
      now,
      lastTouchAt: now,
      openDeal: null,
      contractValueCents: 0,
      regionP90ContractValueCents: 400,
    });
    expect(small).toMatchObject({ score: 70, band: 'amber', weakest: 'value' });
  });

  it('colours below 60 red and below 80 amber', () => {
    expect(healthBand(59)).toBe('red');
    expect(healthBand(60)).toBe('amber');
    expect(healthBand(79)).toBe('amber');
    expect(healthBand(80)).toBe('green');
  });

  it('takes the nearest-rank 90th percentile', () => {
    expect(percentile90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(9);
    expect(percentile90([])).toBe(0);
  });
});
