/**
 * A contract's life: draft → in approval → active → expired / renewed / terminated. Pure, so the
 * pages, the API and (later) the nightly expiry job and the deal desk share one table.
 */
import type { ContractStatus } from '../platform/db/schema';
import type { MessageKey } from '../platform/i18n';

/** Which status may follow which. Renewed and terminated are final. */
export const CONTRACT_TRANSITIONS: Record<ContractStatus, readonly ContractStatus[]> = {
  draft: ['in_approval', 'active'],
  // Until an approver decides; withdrawing sends it back to draft.
  in_approval: ['active', 'draft'],
  active: ['expired', 'renewed', 'terminated'],
  // A lapsed contract may still be renewed late.
  expired: ['renewed'],
  renewed: [],
  terminated: [],
};

export function mayMove(from: ContractStatus, to: ContractStatus): boolean {
  return CONTRACT_TRANSITIONS[from].includes(to);
}

/**
 * Where a submitted draft goes: to approval when an approval policy covers it (the deal desk adds
 * policies), straight to active while none exists.
 */
export function statusAfterSubmit(context: { approvalPolicyExists: boolean }): ContractStatus {
  return context.approvalPolicyExists ? 'in_approval' : 'active';
}

/** What people are asked to do to a contract, page or API. */
export const CONTRACT_ACTIONS = ['submit', 'terminate', 'renew'] as const;
export type ContractAction = (typeof CONTRACT_ACTIONS)[number];

const TARGET: Record<Exclude<ContractAction, 'submit'>, ContractStatus> = {
  terminate: 'terminated',
  renew: 'renewed',
};

/** The status an action leads to, or why it may not happen now. */
export function statusAfterAction(
  current: ContractStatus,
  action: ContractAction,
  context: { approvalPolicyExists: boolean },
): { status: ContractStatus } | { refused: MessageKey } {
  if (action === 'submit')
    return current === 'draft'
      ? { status: statusAfterSubmit(context) }
      : { refused: 'contract.error.submitNotDraft' };
  const status = TARGET[action];
  return mayMove(current, status) ? { status } : { refused: 'contract.error.transition' };
}

/**
 * The status people see: an active contract whose end has passed shows as expired even before
 * the nightly job records it.
 */
export function displayedStatus(
  contract: { status: ContractStatus; endAt: number },
  now: number,
): ContractStatus {
  return contract.status === 'active' && now > contract.endAt ? 'expired' : contract.status;
}
