import { successorTakesTask } from '../../durable-objects/region-wall/wall-rules';
import { describe, expect, it } from 'vitest';
import { handOverViewer, mayDeactivateUser } from '../../worker/platform/access/policy';
import {
  handOverRefusal,
  hasOpenWork,
  successorChoices,
  type OpenWork,
  type Person,
} from '../../worker/users/hand-over';

const person = (id: string, patch: Partial<Person> = {}): Person => ({
  id,
  name: id,
  role: 'rep',
  regionId: 'east',
  cityId: 'sh',
  active: true,
  ...patch,
});
const leaver = person('leaver');
const nothing: OpenWork = {
  customers: 0,
  leads: 0,
  deals: 0,
  contracts: 0,
  orders: 0,
  tasks: 0,
  escalations: 0,
};

describe('who may deactivate', () => {
  const admin = { id: 'a', role: 'admin' as const, regionId: null, cityId: null };
  const manager = { id: 'm', role: 'manager' as const, regionId: 'east', cityId: null };
  it('an admin anyone but themselves', () => {
    expect(mayDeactivateUser(admin, { id: 'x', role: 'director', regionId: null })).toBe(true);
    expect(mayDeactivateUser(admin, { id: 'a', role: 'admin', regionId: null })).toBe(false);
  });
  it('a manager only the reps of their own region', () => {
    expect(mayDeactivateUser(manager, { id: 'r', role: 'rep', regionId: 'east' })).toBe(true);
    expect(mayDeactivateUser(manager, { id: 'r', role: 'rep', regionId: 'west' })).toBe(false);
    expect(mayDeactivateUser(manager, { id: 'm2', role: 'manager', regionId: 'east' })).toBe(false);
    const rep = { id: 'r2', role: 'rep' as const, regionId: 'east', cityId: 'sh' };
    expect(mayDeactivateUser(rep, { id: 'r', role: 'rep', regionId: 'east' })).toBe(false);
  });
  it('the hand-over acts with the region manager’s reach over the leaver’s region', () => {
    expect(handOverViewer('a', 'east')).toEqual({
      id: 'a',
      role: 'manager',
      regionId: 'east',
      cityId: null,
    });
  });
});

describe('successors', () => {
  it('are active managers and reps of the region, managers first, never the leaver', () => {
    const choices = successorChoices(leaver, [
      person('zed'),
      person('boss', { role: 'manager' }),
      person('leaver'),
      person('gone', { active: false }),
      person('far', { regionId: 'west' }),
      person('lawyer', { role: 'legal' }),
      person('amy'),
    ]);
    expect(choices.map((p) => p.id)).toEqual(['boss', 'amy', 'zed']);
  });

  it('are required only when there is work to hand over, and must be among the choices', () => {
    expect(handOverRefusal(nothing, null, null)).toBeNull();
    expect(hasOpenWork({ ...nothing, tasks: 1 })).toBe(true);
    expect(handOverRefusal({ ...nothing, leads: 1 }, null, null)).toBe('successor_required');
    expect(handOverRefusal({ ...nothing, leads: 1 }, 'far', null)).toBe('successor_unsuitable');
    expect(handOverRefusal({ ...nothing, leads: 1 }, 'amy', person('amy'))).toBeNull();
  });

  it('take claimed tasks only as reps of the task’s city; otherwise the task goes back on the wall', () => {
    expect(successorTakesTask(person('amy'), 'sh')).toBe(true);
    expect(successorTakesTask(person('amy'), 'hz')).toBe(false);
    expect(successorTakesTask(person('boss', { role: 'manager' }), 'sh')).toBe(false);
  });
});
