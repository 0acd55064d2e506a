/**
 * The header navigation, derived from the access policy: each entry names the capability it
 * needs and `can()` decides who sees it. Pure, so each role's menu is unit-tested.
 */
import type { MessageKey } from '../i18n';
import { can, type Capability, type Viewer } from './policy';

export type NavEntry = {
  href: string;
  label: MessageKey;
  needs: Capability;
  /** Current only on this very path (the rep's home, whose sections sit below it). */
  exact?: boolean;
};

export const NAVIGATION: readonly NavEntry[] = [
  { href: '/rep', label: 'nav.home', needs: 'workAsRep', exact: true },
  { href: '/rep/today', label: 'nav.today', needs: 'workAsRep' },
  { href: '/manager/wall', label: 'nav.regionWall', needs: 'watchRegionWall' },
  { href: '/manager/escalations', label: 'nav.escalations', needs: 'watchRegionWall' },
  { href: '/manager', label: 'nav.analytics', needs: 'seeRegionAnalytics', exact: true },
  { href: '/director', label: 'nav.analytics', needs: 'compareRegions' },
  { href: '/nurture', label: 'nav.nurture', needs: 'reassignCustomers' },
  { href: '/customers', label: 'nav.customers', needs: 'browseCustomers' },
  { href: '/leads', label: 'nav.leads', needs: 'browseLeads' },
  { href: '/contracts', label: 'nav.contracts', needs: 'browseContracts' },
  { href: '/renewals', label: 'nav.renewals', needs: 'browseRenewals' },
  { href: '/reports', label: 'nav.reports', needs: 'watchRegionWall' },
  { href: '/manager/team', label: 'nav.team', needs: 'manageTeam' },
  { href: '/deals/stale', label: 'nav.staleDeals', needs: 'workAsRep' },
  { href: '/rep/inbox', label: 'nav.urgent', needs: 'workAsRep' },
  { href: '/leaderboard', label: 'nav.leaderboard', needs: 'seeLeaderboard' },
  { href: '/admin/campaigns', label: 'nav.campaigns', needs: 'administer' },
  { href: '/admin/sources', label: 'nav.sources', needs: 'administer' },
  { href: '/admin/keywords', label: 'nav.keywords', needs: 'administer' },
  { href: '/admin/stage-gates', label: 'nav.stageGates', needs: 'administer' },
  { href: '/admin/routes', label: 'nav.routes', needs: 'administer' },
  { href: '/admin/customer-gateway', label: 'nav.gateway', needs: 'administer' },
  { href: '/admin/deliveries', label: 'nav.deliveries', needs: 'administer' },
  { href: '/admin/api-tokens', label: 'nav.apiTokens', needs: 'administer' },
  { href: '/admin/audit', label: 'nav.audit', needs: 'administer' },
  { href: '/admin/jobs', label: 'nav.jobs', needs: 'administer' },
  { href: '/admin/users', label: 'nav.users', needs: 'administer' },
  { href: '/imports', label: 'nav.imports', needs: 'importRecords' },
  { href: '/admin/regions', label: 'nav.regions', needs: 'administer' },
  { href: '/admin/cities', label: 'nav.cities', needs: 'administer' },
];

export function navigationFor(viewer: Viewer | null): NavEntry[] {
  return viewer ? NAVIGATION.filter((entry) => can(viewer, entry.needs)) : [];
}
