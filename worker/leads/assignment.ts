/**
 * Lead assignment within a region (docs/rules.md#lead-assignment): the eligible rep with the
 * fastest median first response over their last 3 leads; ties go to the rep with fewest open leads. Reps without
 * any response history are served round robin only when nobody in the region has history,
 * so a new team starts evenly and an experienced one keeps rewarding speed.
 *
 * A field lead needs someone who can visit: when the lead names a city, only that city's reps
 * compete; the whole region is the fallback when the city has no eligible rep.
 */
export type AssignmentCandidate = {
  repId: string;
  cityId: string | null;
  /** First-response times (ms) of the rep's last leads, newest first; only the first 3 count. */
  recentFirstResponsesMs: number[];
  openLeads: number;
};

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The reps who compete for a lead: those of its city when it has any, else the whole region. */
export function repsForCity(
  candidates: AssignmentCandidate[],
  leadCityId: string | null,
): AssignmentCandidate[] {
  const local = leadCityId ? candidates.filter((candidate) => candidate.cityId === leadCityId) : [];
  return local.length > 0 ? local : candidates;
}

export function chooseAssignee(
  regionCandidates: AssignmentCandidate[],
  roundRobinIndex: number,
  leadCityId: string | null = null,
): { repId: string; nextRoundRobinIndex: number; reason: 'fastest' | 'round_robin' } | null {
  if (regionCandidates.length === 0) return null;
  const candidates = repsForCity(regionCandidates, leadCityId);
  const withHistory = candidates
    .filter((candidate) => candidate.recentFirstResponsesMs.length > 0)
    .map((candidate) => ({
      ...candidate,
      median: median(candidate.recentFirstResponsesMs.slice(0, 3)),
    }))
    .sort(
      (a, b) => a.median - b.median || a.openLeads - b.openLeads || a.repId.localeCompare(b.repId),
    );
  if (withHistory.length > 0)
    return {
      repId: withHistory[0]!.repId,
      nextRoundRobinIndex: roundRobinIndex,
      reason: 'fastest',
    };
  const ordered = [...candidates].sort((a, b) => a.repId.localeCompare(b.repId));
  const index = ((roundRobinIndex % ordered.length) + ordered.length) % ordered.length;
  return { repId: ordered[index]!.repId, nextRoundRobinIndex: index + 1, reason: 'round_robin' };
}
