import { describe, expect, it } from 'vitest';
import {
  can,
  editScopeOf,
  homePathFor,
  mayOwnEscalation,
  scopeOf,
  type Viewer,
} from '../../worker/platform/access/policy';

const rep: Viewer = { id: 'u1', role: 'rep', regionId: 'reg_east', cityId: 'city_shanghai' };
const manager: Viewer = { id: 'u2', role: 'manager', regionId: 'reg_east', cityId: null };
const director: Viewer = { id: 'u3', role: 'director', regionId: null, cityId: null };
const admin: Viewer = { id: 'u4', role: 'admin', regionId: null, cityId: null };
const legal: Viewer = { id: 'u5', role: 'legal', regionId: 'reg_west', cityId: null };

describe('access policy', () => {
  it('gives a rep their own book and their city’s wall tasks', () => {
    expect(scopeOf(rep, 'customers')).toEqual({ kind: 'own', userId: 'u1' });
    expect(scopeOf(rep, 'visits')).toEqual({ kind: 'own', userId: 'u1' });
    expect(scopeOf(rep, 'leads')).toEqual({ kind: 'own', userId: 'u1' });
    expect(scopeOf(rep, 'tasks')).toEqual({ kind: 'city', cityId: 'city_shanghai' });
  });

  it('gives a manager their region and the director everything', () => {
    expect(scopeOf(manager, 'customers')).toEqual({ kind: 'region', regionId: 'reg_east' });
    expect(scopeOf(manager, 'tasks')).toEqual({ kind: 'region', regionId: 'reg_east' });
    expect(scopeOf(director, 'visits')).toEqual({ kind: 'all' });
  });

  it('keeps the admin out of the sales book', () => {
    for (const resource of [
      'customers',
      'visits',
      'leads',
      'deals',
      'contracts',
      'tasks',
    ] as const) {
      expect(scopeOf(admin, resource)).toEqual({ kind: 'none' });
    }
    expect(can(admin, 'administer')).toBe(true);
    expect(can(director, 'administer')).toBe(false);
  });

  it('lets legal read the region’s contracts and customers, nothing else', () => {
    expect(scopeOf(legal, 'contracts')).toEqual({ kind: 'region', regionId: 'reg_west' });
    expect(scopeOf(legal, 'customers')).toEqual({ kind: 'region', regionId: 'reg_west' });
    expect(scopeOf(legal, 'visits')).toEqual({ kind: 'none' });
  });

  it('reads and ticks renewal-preparation lists with their contracts: business and legal their region, a rep their own, the admin none', () => {
    expect(scopeOf(legal, 'renewals')).toEqual({ kind: 'region', regionId: 'reg_west' });
    expect(editScopeOf(legal, 'renewals')).toEqual({ kind: 'region', regionId: 'reg_west' });
    expect(scopeOf(rep, 'renewals')).toEqual({ kind: 'own', userId: rep.id });
    expect(scopeOf(manager, 'renewals')).toEqual({ kind: 'region', regionId: 'reg_east' });
    expect(scopeOf(director, 'renewals')).toEqual({ kind: 'all' });
    expect(scopeOf(admin, 'renewals')).toEqual({ kind: 'none' });
  });

  it('fails closed when a user lacks the region or city their role needs', () => {
    expect(scopeOf({ ...manager, regionId: null }, 'customers')).toEqual({ kind: 'none' });
    expect(scopeOf({ ...rep, cityId: null }, 'tasks')).toEqual({ kind: 'none' });
  });

  it('starts each role on its page', () => {
    expect(homePathFor('rep')).toBe('/rep');
    expect(homePathFor('legal')).toBe('/contracts');
    expect(homePathFor('manager')).toBe('/manager/wall');
    expect(homePathFor('admin')).toBe('/admin/api-tokens');
  });
});

describe('escalation owners', () => {
  it('are the managers and reps of the escalation’s region only', () => {
    expect(mayOwnEscalation(manager, 'reg_east')).toBe(true);
    expect(mayOwnEscalation(rep, 'reg_east')).toBe(true);
    expect(mayOwnEscalation(rep, 'reg_west')).toBe(false);
    expect(mayOwnEscalation(legal, 'reg_west')).toBe(false);
    expect(mayOwnEscalation({ role: 'business', regionId: 'reg_east' }, 'reg_east')).toBe(false);
    expect(mayOwnEscalation(director, 'reg_east')).toBe(false);
  });
});
