/**
 * Action consistency (docs/rules.md#action-consistency-index-aci): a follow-up record meets the three musts when it sets the next
 * follow-up time, carries on-site evidence (a photo or a verified check-in) and names the deal
 * stage it advanced. The ACI is the share of records meeting all three; the goal is ≥ 90 %.
 */
import type { CheckInStatus } from './check-in';

export const ACI_GOAL = 0.9;

export type AciMusts = { nextFollowUp: boolean; evidence: boolean; stage: boolean };

export function aciMusts(visit: {
  nextFollowUpAt: number | null;
  photoKey: string | null;
  checkInStatus: CheckInStatus;
  dealId: string | null;
  stageReached: string | null;
}): AciMusts {
  return {
    nextFollowUp: visit.nextFollowUpAt !== null,
    evidence: visit.photoKey !== null || visit.checkInStatus === 'verified',
    stage: visit.dealId !== null && visit.stageReached !== null,
  };
}

export function meetsAllMusts(musts: AciMusts): boolean {
  return musts.nextFollowUp && musts.evidence && musts.stage;
}

/** ACI over a set of records, 0–1; with no records there is nothing inconsistent (1). */
export function actionConsistencyIndex(records: AciMusts[]): number {
  if (records.length === 0) return 1;
  return records.filter(meetsAllMusts).length / records.length;
}

/** ACI as a whole percentage from SQL counts. */
export function aciPercent(recordCount: number, consistentCount: number): number {
  return recordCount === 0 ? 100 : Math.round((100 * consistentCount) / recordCount);
}
