/**
 * Stage gates: what must exist before a deal may enter a stage (an admin sets them per stage).
 * Pure rules; the handlers read the gates and the deal's evidence and ask these functions.
 */
import {
  DEAL_STAGES,
  type DealStage,
  type DecisionRole,
  GATE_REQUIREMENTS,
} from '../platform/db/schema';

export type GateRequirement = (typeof GATE_REQUIREMENTS)[number];

export type StageGate = {
  id: string;
  stage: DealStage;
  requirement: GateRequirement;
  documentKind: string | null;
  label: string | null;
  labelZh: string | null;
  contactRole: DecisionRole | null;
};

/** What a deal has that gates can ask for: its files' kinds, whether it has a note, its customer's contacts' roles. */
export type GateEvidence = {
  documentKinds: readonly string[];
  hasNote: boolean;
  contactRoles: readonly (DecisionRole | null)[];
};

/** One thing a gate asks for that the deal lacks (the API's `details.missing`). */
export type MissingRequirement =
  | { requirement: 'document'; documentKind: string; label: string; labelZh: string }
  | { requirement: 'note' }
  | { requirement: 'contact_role'; contactRole: DecisionRole };

/** The deal's stages in order; won and lost are both the end. */
const RANK: Record<DealStage, number> = {
  qualify: 0,
  discover: 1,
  propose: 2,
  negotiate: 3,
  won: 4,
  lost: 4,
};

export const OPEN_STAGES = DEAL_STAGES.filter((stage) => stage !== 'won' && stage !== 'lost');
export const isClosedStage = (stage: DealStage) => stage === 'won' || stage === 'lost';

/** Going back to an earlier stage is never gated (a deal slipping back must always be recordable). */
export function isGatedMove(from: DealStage | null, to: DealStage): boolean {
  if (from === to) return false;
  return from === null || RANK[to] >= RANK[from];
}

/** The stage after `stage` on the way to won, or null for a closed deal. */
export function nextStage(stage: DealStage): DealStage | null {
  if (isClosedStage(stage)) return null;
  return DEAL_STAGES[DEAL_STAGES.indexOf(stage) + 1] ?? null;
}

/** What the gates of one stage ask for that the evidence does not show, each requirement once. */
export function missingForStage(
  gates: readonly StageGate[],
  evidence: GateEvidence,
): MissingRequirement[] {
  const missing: MissingRequirement[] = [];
  const seen = new Set<string>();
  for (const gate of gates) {
    const item = missingOf(gate, evidence);
    if (!item) continue;
    const key = JSON.stringify([item.requirement, gate.documentKind, gate.contactRole]);
    if (seen.has(key)) continue;
    seen.add(key);
    missing.push(item);
  }
  return missing;
}

function missingOf(gate: StageGate, evidence: GateEvidence): MissingRequirement | null {
  switch (gate.requirement) {
    case 'document': {
      const kind = gate.documentKind ?? '';
      if (evidence.documentKinds.includes(kind)) return null;
      return {
        requirement: 'document',
        documentKind: kind,
        label: gate.label ?? kind,
        labelZh: gate.labelZh ?? gate.label ?? kind,
      };
    }
    case 'note':
      return evidence.hasNote ? null : { requirement: 'note' };
    case 'contact_role':
      return gate.contactRole && !evidence.contactRoles.includes(gate.contactRole)
        ? { requirement: 'contact_role', contactRole: gate.contactRole }
        : null;
  }
}

/**
 * The stages a move passes into: every stage after `from` up to `to`, so that skipping a stage
 * does not skip its gate (a new deal counts from the start). Losing a deal is an exit, not
 * progress: only the gates of `lost` itself apply.
 */
export function stagesEntered(from: DealStage | null, to: DealStage): DealStage[] {
  if (to === 'lost') return ['lost'];
  const after = from === null ? -1 : RANK[from];
  return DEAL_STAGES.filter(
    (stage) => stage === to || (stage !== 'lost' && RANK[stage] > after && RANK[stage] <= RANK[to]),
  );
}

/** What is missing for a move from `from` to `to`: nothing for a step back or no move. */
export function missingForMove(
  from: DealStage | null,
  to: DealStage,
  gates: readonly StageGate[],
  evidence: GateEvidence,
): MissingRequirement[] {
  if (!isGatedMove(from, to)) return [];
  const entered = stagesEntered(from, to);
  return missingForStage(
    gates.filter((gate) => entered.includes(gate.stage)),
    evidence,
  );
}

/** The document kinds the gates name (code and labels), for the upload form's choice. */
export function documentKindsOf(gates: readonly StageGate[]) {
  const kinds = new Map<string, { code: string; label: string; labelZh: string }>();
  for (const gate of gates)
    if (gate.requirement === 'document' && gate.documentKind && !kinds.has(gate.documentKind))
      kinds.set(gate.documentKind, {
        code: gate.documentKind,
        label: gate.label ?? gate.documentKind,
        labelZh: gate.labelZh ?? gate.label ?? gate.documentKind,
      });
  return [...kinds.values()];
}
