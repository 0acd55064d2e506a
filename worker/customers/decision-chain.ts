import { DECISION_ROLES, type DecisionRole } from '../platform/db/schema';

/**
 * Which seats of the customer's buying decision have a contact: a deal with no decision maker or
 * no purchasing contact tends to stall. Removed contacts are left out by the caller.
 */
export function decisionChainCoverage(contacts: readonly { decisionRole: DecisionRole | null }[]): {
  covered: DecisionRole[];
  missing: DecisionRole[];
  total: number;
} {
  const present = new Set(contacts.map((contact) => contact.decisionRole));
  return {
    covered: DECISION_ROLES.filter((role) => present.has(role)),
    missing: DECISION_ROLES.filter((role) => !present.has(role)),
    total: DECISION_ROLES.length,
  };
}
