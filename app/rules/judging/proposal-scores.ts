// Pure: from submitted reviews to each proposal's weighted total, calibrated score, uncertainty,
// disagreement, thresholds and rank.
import { calibrateScores } from "../score/calibrate";
import { criterionMeans, passesThresholds, weightedTotal, type CriterionScore } from "../score/rubric";

export interface SubmittedReview {
  proposalId: string;
  judgeId: string;
  scores: CriterionScore[];
}

export interface Criterion {
  id: string;
  weight: number;
  threshold: number | null;
}

export interface ComputedScore {
  proposalId: string;
  raw: number;
  calibrated: number;
  uncertainty: number;
  reviewCount: number;
  disagreement: boolean;
  passesThresholds: boolean;
  criterionMeans: Record<string, number>;
  rank: number;
}

export function computeProposalScores(reviews: readonly SubmittedReview[], criteria: readonly Criterion[]) {
  const weighted = reviews.map((r) => ({ proposal: r.proposalId, judge: r.judgeId, score: weightedTotal(r.scores, criteria) }));
  const calibration = calibrateScores(weighted);
  const byProposal = new Map<string, CriterionScore[][]>();
  for (const r of reviews) byProposal.set(r.proposalId, [...(byProposal.get(r.proposalId) ?? []), r.scores]);
  const scores: ComputedScore[] = calibration.proposals.map((p) => {
    const means = criterionMeans(byProposal.get(p.id) ?? []);
    return {
      proposalId: p.id,
      raw: p.raw,
      calibrated: p.calibrated,
      uncertainty: p.uncertainty,
      reviewCount: p.reviewCount,
      disagreement: p.disagreement,
      passesThresholds: passesThresholds(means, criteria),
      criterionMeans: Object.fromEntries(means.map((m) => [m.criterionId, m.mean])),
      rank: 0,
    };
  });
  // Best calibrated first; ties broken by the raw mean, then by id so the order is stable.
  scores.sort((a, b) => b.calibrated - a.calibrated || b.raw - a.raw || a.proposalId.localeCompare(b.proposalId));
  scores.forEach((s, i) => (s.rank = i + 1));
  return { scores, judges: calibration.judges, noiseSd: calibration.noiseSd };
}
