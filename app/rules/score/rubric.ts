// Rubric arithmetic: a review's weighted total, and per-criterion minimum thresholds.
// Criteria are scored 0–5 and weighted (weights normally sum to 100), so totals are on 0–5 too.

export interface CriterionScore {
  criterionId: string;
  score: number;
}

export interface WeightedCriterion {
  id: string;
  weight: number;
}

export interface CriterionMean {
  criterionId: string;
  mean: number;
}

export interface ThresholdCriterion {
  id: string;
  /** Minimum mean score (0–5) a proposal needs on this criterion; absent or null: no minimum. */
  threshold?: number | null;
}

const inRange = (v: number) => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 5;

/**
 * Weighted mean of criterion scores, on 0–5. Divides by the actual weight sum, so weights that
 * add up to 100 (or to anything positive) give the same answer. Every criterion must be scored
 * exactly once: a silently missing criterion would bias the total, so it is an error.
 */
export function weightedTotal(criterionScores: readonly CriterionScore[], criteria: readonly WeightedCriterion[]): number {
  const scores = new Map<string, number>();
  for (const { criterionId, score } of criterionScores) {
    if (scores.has(criterionId)) throw new RangeError(`criterion ${criterionId} scored twice`);
    if (!inRange(score)) throw new RangeError(`score for criterion ${criterionId} must be in 0–5`);
    scores.set(criterionId, score);
  }
  let weightSum = 0;
  let total = 0;
  for (const { id, weight } of criteria) {
    if (!(Number.isFinite(weight) && weight >= 0)) throw new RangeError(`weight of criterion ${id} must be ≥ 0`);
    const score = scores.get(id);
    if (score === undefined) throw new RangeError(`criterion ${id} has no score`);
    scores.delete(id);
    weightSum += weight;
    total += weight * score;
  }
  const unknown = [...scores.keys()];
  if (unknown.length > 0) throw new RangeError(`unknown criterion ${unknown[0]}`);
  if (!(weightSum > 0)) throw new RangeError("criterion weights must sum to more than 0");
  // Clamp guards against rounding just outside 0–5 (e.g. 5.000000000000001).
  return Math.min(5, Math.max(0, total / weightSum));
}

/**
 * Criteria whose threshold the proposal misses (mean < threshold), in the order given. A
 * criterion with a threshold but no mean fails: nothing shows the minimum was met.
 */
export function failedThresholds(criterionMeans: readonly CriterionMean[], criteria: readonly ThresholdCriterion[]): string[] {
  const means = new Map(criterionMeans.map((m) => [m.criterionId, m.mean]));
  return criteria
    .filter(({ id, threshold }) => {
      if (threshold === undefined || threshold === null) return false;
      const mean = means.get(id);
      return mean === undefined || !Number.isFinite(mean) || mean < threshold;
    })
    .map((c) => c.id);
}

/** True when the proposal meets every criterion's minimum (meeting it exactly counts). */
export function passesThresholds(criterionMeans: readonly CriterionMean[], criteria: readonly ThresholdCriterion[]): boolean {
  return failedThresholds(criterionMeans, criteria).length === 0;
}

/** Per-criterion mean over several reviews' criterion scores (criteria no review scored are absent). */
export function criterionMeans(reviews: readonly (readonly CriterionScore[])[]): CriterionMean[] {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const review of reviews) {
    for (const { criterionId, score } of review) {
      const s = sums.get(criterionId) ?? { sum: 0, count: 0 };
      s.sum += score;
      s.count++;
      sums.set(criterionId, s);
    }
  }
  return [...sums].map(([criterionId, { sum, count }]) => ({ criterionId, mean: sum / count }));
}
