// Pure: where each scored proposal stands, and whether it passes (decision 025). A proposal whose panel
// submitted a consensus report stands on that report (its weighted total and criterion scores); the others
// on the scoring run's calibrated total and criterion means. It passes when it meets every criterion's
// threshold and the challenge's total threshold (Horizon Europe: 3 of 5 on each criterion, 10 of 15 in
// all; our totals are weighted means on 0–5, so "10 of 15" reads as 3.33).
import { failedThresholds, weightedTotal, type CriterionScore } from "../score/rubric";

export interface StandingCriterion {
  id: string;
  weight: number;
  threshold: number | null;
}

export interface ScoredProposal {
  proposalId: string;
  raw: number;
  calibrated: number;
  /** Criterion id → mean of the submitted reviews' scores. */
  criterionMeans: Record<string, number>;
  /** The submitted consensus report's scores, one per criterion; null when there is none. */
  consensus: readonly CriterionScore[] | null;
}

export interface Standing {
  proposalId: string;
  /** What the proposal is ranked and judged on. */
  basis: "consensus" | "calibrated";
  /** The consensus report's weighted total, or the calibrated score. */
  score: number;
  calibrated: number;
  raw: number;
  /** The consensus report's weighted total (null without one). */
  consensusTotal: number | null;
  /** Criteria whose threshold it misses, in the rubric's order. */
  failedCriteria: string[];
  /** Whether it misses the total threshold. */
  failedTotal: boolean;
  passes: boolean;
  rank: number;
}

// Totals are sums of products of small numbers; a total that meets a threshold exactly must not fail by rounding.
const EPSILON = 1e-9;

export function standings(
  proposals: readonly ScoredProposal[], criteria: readonly StandingCriterion[], totalThreshold: number | null,
): Standing[] {
  const out: Standing[] = proposals.map((p) => {
    const consensusTotal = p.consensus ? weightedTotal(p.consensus, criteria) : null;
    const criterionScores = p.consensus
      ? p.consensus.map((c) => ({ criterionId: c.criterionId, mean: c.score }))
      : Object.entries(p.criterionMeans).map(([criterionId, mean]) => ({ criterionId, mean }));
    const score = consensusTotal ?? p.calibrated;
    const failedCriteria = failedThresholds(criterionScores.map((c) => ({ ...c, mean: c.mean + EPSILON })), criteria);
    const failedTotal = totalThreshold !== null && !(score + EPSILON >= totalThreshold);
    return {
      proposalId: p.proposalId, basis: consensusTotal === null ? "calibrated" : "consensus", score,
      calibrated: p.calibrated, raw: p.raw, consensusTotal, failedCriteria, failedTotal,
      passes: failedCriteria.length === 0 && !failedTotal, rank: 0,
    };
  });
  // Best score first; ties broken by the calibrated score, the raw mean, then the id, so the order is stable.
  out.sort((a, b) => b.score - a.score || b.calibrated - a.calibrated || b.raw - a.raw || a.proposalId.localeCompare(b.proposalId));
  out.forEach((s, i) => (s.rank = i + 1));
  return out;
}
