import type { Capability } from '../../worker/platform/access/policy';

/**
 * Where a notification's subject opens for this reader, given their capabilities (`usePage().can`).
 * Escalations go to the escalation list of those who handle them; a lead to the rep's first-touch
 * list for reps and to its page for everyone else; reports and tasks to their page.
 */
export function subjectHref(
  can: (capability: Capability) => boolean,
  notification: { kind: string; subjectType: string | null; subjectId: string | null },
): string | null {
  if (!notification.subjectId) return null;
  const id = encodeURIComponent(notification.subjectId);
  const handlesEscalations = can('watchRegionWall');
  switch (notification.subjectType) {
    case 'report':
      return `/reports/${id}`;
    case 'task':
      return `/tasks/${id}`;
    case 'deal':
      return `/deals/${id}`;
    case 'customer':
      return `/customers/${id}`;
    case 'stale_deals':
      return '/deals/stale';
    case 'lead':
      return can('workAsRep') ? `/rep/inbox#lead-${id}` : `/leads/${id}`;
    case 'escalation':
      return handlesEscalations ? `/manager/escalations/${id}` : null;
    case 'escalations':
      return handlesEscalations ? `/manager/escalations?kind=${id}` : null;
    default:
      return notification.kind.startsWith('escalation.') && handlesEscalations
        ? '/manager/escalations'
        : null;
  }
}
