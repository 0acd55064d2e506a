import { describe, expect, it } from 'vitest';
import { navigationFor } from '../../worker/platform/access/navigation';
import type { Role } from '../../worker/platform/db/schema';

const hrefsFor = (role: Role) =>
  navigationFor({ id: 'u1', role, regionId: 'reg_east', cityId: 'city_shanghai' }).map(
    (entry) => entry.href,
  );

describe('navigation from the access policy', () => {
  it('gives each role the links its capabilities allow, in order', () => {
    expect(hrefsFor('rep')).toEqual([
      '/rep',
      '/rep/today',
      '/customers',
      '/leads',
      '/contracts',
      '/deals/stale',
      '/rep/inbox',
      '/leaderboard',
    ]);
    expect(hrefsFor('manager')).toEqual([
      '/manager/wall',
      '/manager/escalations',
      '/manager',
      '/nurture',
      '/customers',
      '/leads',
      '/contracts',
      '/renewals',
      '/reports',
      '/manager/team',
      '/leaderboard',
      '/imports',
    ]);
    expect(hrefsFor('director')).toEqual([
      '/manager/wall',
      '/manager/escalations',
      '/director',
      '/nurture',
      '/customers',
      '/leads',
      '/contracts',
      '/renewals',
      '/reports',
      '/manager/team',
      '/leaderboard',
    ]);
    expect(hrefsFor('business')).toEqual(['/customers', '/contracts', '/renewals']);
    expect(hrefsFor('legal')).toEqual(['/customers', '/contracts', '/renewals']);
    expect(hrefsFor('admin')).toEqual([
      '/admin/campaigns',
      '/admin/sources',
      '/admin/keywords',
      '/admin/stage-gates',
      '/admin/routes',
      '/admin/customer-gateway',
      '/admin/deliveries',
      '/admin/api-tokens',
      '/admin/audit',
      '/admin/jobs',
      '/admin/users',
      '/imports',
      '/admin/regions',
      '/admin/cities',
    ]);
  });

  it('shows nothing to someone signed out', () => {
    expect(navigationFor(null)).toEqual([]);
  });
});
