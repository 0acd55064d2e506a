import { describe, expect, it } from 'vitest';
import {
  CONTRACT_TRANSITIONS,
  displayedStatus,
  mayMove,
  statusAfterAction,
  statusAfterSubmit,
} from '../../worker/contracts/contract-status';

const noPolicy = { approvalPolicyExists: false };

describe('contract status', () => {
  it('sends a submitted draft straight to active while no approval policy exists', () => {
    expect(statusAfterSubmit(noPolicy)).toBe('active');
    expect(statusAfterSubmit({ approvalPolicyExists: true })).toBe('in_approval');
    expect(statusAfterAction('draft', 'submit', noPolicy)).toEqual({ status: 'active' });
  });

  it('submits only drafts', () => {
    expect(statusAfterAction('active', 'submit', noPolicy)).toEqual({
      refused: 'contract.error.submitNotDraft',
    });
  });

  it('terminates and renews only from the statuses the table allows', () => {
    expect(statusAfterAction('active', 'terminate', noPolicy)).toEqual({ status: 'terminated' });
    expect(statusAfterAction('draft', 'terminate', noPolicy)).toEqual({
      refused: 'contract.error.transition',
    });
    expect(statusAfterAction('expired', 'renew', noPolicy)).toEqual({ status: 'renewed' });
    expect(statusAfterAction('terminated', 'renew', noPolicy)).toEqual({
      refused: 'contract.error.transition',
    });
  });

  it('has final states with no way out', () => {
    expect(CONTRACT_TRANSITIONS.renewed).toEqual([]);
    expect(CONTRACT_TRANSITIONS.terminated).toEqual([]);
    expect(mayMove('active', 'draft')).toBe(false);
    expect(mayMove('in_approval', 'active')).toBe(true);
  });

  it('shows an active contract past its end as expired before the nightly job runs', () => {
    const now = Date.UTC(2026, 5, 1);
    expect(displayedStatus({ status: 'active', endAt: now - 1 }, now)).toBe('expired');
    expect(displayedStatus({ status: 'active', endAt: now }, now)).toBe('active');
    expect(displayedStatus({ status: 'terminated', endAt: now - 1 }, now)).toBe('terminated');
  });
});
