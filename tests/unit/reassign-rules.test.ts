import { describe, expect, it } from 'vitest';
import {
  outOfScope,
  reassignRefusal,
  type ReassignTarget,
} from '../../worker/customers/reassign-rules';

const manager = { id: 'm', role: 'manager' as const, regionId: 'east', cityId: null };
const director = { id: 'd', role: 'director' as const, regionId: null, cityId: null };
const rep = (over: Partial<ReassignTarget> = {}): ReassignTarget => ({
  id: 'r2',
  name: 'Rep Two',
  role: 'rep',
  regionId: 'east',
  cityId: 'sh',
  active: true,
  ...over,
});
const east = [{ regionId: 'east' }];

describe('reassigning customers', () => {
  it('lets a manager move customers of the region to an active rep of the region', () => {
    expect(reassignRefusal(manager, rep(), east)).toBeNull();
  });

  it('refuses a target that is not an active rep', () => {
    expect(reassignRefusal(manager, null, east)?.code).toBe('target_not_rep');
    expect(reassignRefusal(manager, rep({ role: 'manager' }), east)?.code).toBe('target_not_rep');
    expect(reassignRefusal(manager, rep({ active: false }), east)?.code).toBe('target_not_rep');
  });

  it('refuses a rep of another region, for the manager and for customers elsewhere', () => {
    expect(reassignRefusal(manager, rep({ regionId: 'west' }), [])).toMatchObject({
      code: 'target_outside_region',
      message: "Rep Two is not a rep of the customers' region.",
    });
    expect(reassignRefusal(director, rep({ regionId: 'west' }), [{ regionId: 'west' }])).toBeNull();
    expect(reassignRefusal(director, rep({ regionId: 'west' }), east)?.code).toBe(
      'target_outside_region',
    );
  });

  it('reports the ids the viewer may not change, once each', () => {
    expect(outOfScope(['a', 'b', 'b', 'c'], [{ id: 'a' }])).toEqual(['b', 'c']);
  });
});
