// Judge calibration: separates each proposal's quality from each judge's leniency (and, optionally,
// how much of the 0–5 range the judge uses). Pure and deterministic: no I/O, input order irrelevant.
//
// Model, for a review of proposal p by judge j, with m the grand mean of all scores:
//   score = m + b_j + s_j · (q_p − m) + noise
// fitted by penalised least squares
//   Σ (score − m − b_j − s_j (q_p − m))² + λ Σ_j b_j² + μ Σ_j (s_j − 1)²
// - The ridge λ shrinks the offset b_j of a judge with few reviews toward 0. Shifting every q up
//   and every b down leaves the data term unchanged, so at the optimum Σ b_j = 0 within each
//   connected group of judges: offsets are identified by the penalty, no constraint needed.
// - λ is read as σ²_noise / σ²_offset and by default estimated from the panel by REML (model.ts).
//   A panel whose judges show no bias gets λ → ∞ and calibrated ≈ raw, so calibration does not
//   harm it; with biased judges λ is small and offsets are removed almost fully.
// - The scale term (s_j, shrunk toward 1 by μ) is opt-in. On simulated panels (see
//   tests/unit/score/calibrate.simulation.test.ts) μ = 10 raises Kendall tau by ~0.013 when judge
//   scales vary a lot (log-sd 0.5) but lowers it by ~0.001 when all judges share one scale, so it
//   fails "never hurts" and stays off by default ("off" fixes s_j = 1).
// - Cost: REML tries ~60 values of λ, each an O(J³) Cholesky of the judges × judges system, so
//   150 judges take ~0.3 s and 600 judges ~7 s.
import { choleskyInverse } from "./linalg";
import {
  clamp,
  estimateOffsetPenalty,
  fitModel,
  indexReviews,
  judgeGroups,
  residualSumOfSquares,
  type Indexed,
  type Review,
} from "./model";

export type { Review } from "./model";

export interface CalibrationOptions {
  /** λ, in units of review-noise variance. "auto" (default): REML estimate. */
  offsetPenalty?: number | "auto";
  /** μ, in the same units. "off" (default): no scale term, every s_j = 1. */
  scalePenalty?: number | "off";
  /** A proposal is flagged when its judge-adjusted scores span more than this. Default 1.5 points. */
  disagreementThreshold?: number;
  /** Prior guess for the review-noise sd, used when the data say little. Default 0.5 points. */
  noisePriorSd?: number;
  /** Weight of that prior, in pseudo-reviews. Default 2. */
  noisePriorDf?: number;
}

export interface ProposalScore {
  id: string;
  /** Plain mean of the proposal's scores. */
  raw: number;
  /** Fitted quality, clamped to 0–5. */
  calibrated: number;
  /** Standard error of the fitted quality, in points (see below). */
  uncertainty: number;
  reviewCount: number;
  /** Range (max − min) of the judge-adjusted scores; 0 for a single review. */
  spread: number;
  /** spread > disagreementThreshold. */
  disagreement: boolean;
  /** Connected group of judges that reviewed it; calibrated scores compare fairly within a group. */
  group: number;
}

export interface JudgeCalibration {
  id: string;
  /** Leniency on the 0–5 scale: positive scores high, negative scores low. */
  offset: number;
  /** Multiplier on quality around the mean; 1 when the scale term is off. */
  scale: number;
  reviewCount: number;
  group: number;
}

export interface CalibrationResult {
  /** Sorted by id. */
  proposals: ProposalScore[];
  /** Sorted by id. */
  judges: JudgeCalibration[];
  /** Estimated sd of review noise after calibration. */
  noiseSd: number;
  /** λ used (the estimate when "auto"); NaN when there were no reviews. */
  offsetPenalty: number;
  /** Number of connected groups of judges (1 when every judge is linked to every other). */
  groupCount: number;
}

export const DEFAULT_OPTIONS: Required<CalibrationOptions> = {
  offsetPenalty: "auto",
  scalePenalty: "off",
  disagreementThreshold: 1.5,
  noisePriorSd: 0.5,
  noisePriorDf: 2,
};

function validateOptions(o: Required<CalibrationOptions>) {
  const positive = (v: unknown) => typeof v === "number" && v > 0 && Number.isFinite(v);
  if (o.offsetPenalty !== "auto" && !positive(o.offsetPenalty)) {
    throw new RangeError('offsetPenalty must be "auto" or a positive number');
  }
  if (o.scalePenalty !== "off" && !positive(o.scalePenalty)) {
    throw new RangeError('scalePenalty must be "off" or a positive number');
  }
  if (!(o.disagreementThreshold >= 0)) throw new RangeError("disagreementThreshold must be ≥ 0");
  if (!positive(o.noisePriorSd) || !positive(o.noisePriorDf)) throw new RangeError("noise prior must be positive");
}

export function calibrateScores(reviews: readonly Review[], options: CalibrationOptions = {}): CalibrationResult {
  const opts: Required<CalibrationOptions> = { ...DEFAULT_OPTIONS, ...options };
  validateOptions(opts);
  if (reviews.length === 0) return { proposals: [], judges: [], noiseSd: opts.noisePriorSd, offsetPenalty: NaN, groupCount: 0 };

  const ix = indexReviews(reviews);
  const prior = { df: opts.noisePriorDf, variance: opts.noisePriorSd ** 2 };
  const lambda = opts.offsetPenalty === "auto" ? estimateOffsetPenalty(ix, prior) : opts.offsetPenalty;
  const mu = opts.scalePenalty === "off" ? Infinity : opts.scalePenalty;
  const f = fitModel(ix, lambda, mu);
  const covariance = choleskyInverse(f.factor).data; // Cov(b) / σ²
  const J = ix.judgeIds.length;
  const sigma = Math.sqrt(noiseVariance(ix, f, covariance, lambda, mu, prior));
  const group = judgeGroups(ix);
  const levelFree = withoutGroupLevels(covariance, group);

  const proposals = ix.proposalIds.map((id, p): ProposalScore => {
    const lo = ix.start[p];
    const hi = ix.start[p + 1];
    let rawSum = 0;
    let sCovS = 0;
    let lowest = Infinity;
    let highest = -Infinity;
    for (let r = lo; r < hi; r++) {
      const j = ix.judge[r];
      rawSum += ix.score[r];
      // What this judge's score says the quality is, once their offset and scale are undone.
      const adjusted = (ix.y[r] - f.offset[j]) / f.scale[j];
      lowest = Math.min(lowest, adjusted);
      highest = Math.max(highest, adjusted);
      for (let r2 = lo; r2 < hi; r2++) sCovS += f.scale[j] * f.scale[ix.judge[r2]] * levelFree[j * J + ix.judge[r2]];
    }
    // Var(q_p) = σ² (1/w + sᵀ C s / w²), w = Σ s_j² (= review count when unscaled): the noise of
    // the proposal's own reviews plus the uncertainty of the offsets subtracted from them, C being
    // Cov(b)/σ² relative to the group's mean offset (fixed at 0 by convention, see
    // `withoutGroupLevels`). Exact for the additive model at the chosen λ; ignores the
    // uncertainty in λ and in the scales.
    const w = f.weight[p];
    const spread = highest - lowest;
    return {
      id,
      raw: rawSum / (hi - lo),
      calibrated: clamp(ix.mean + f.u[p], 0, 5),
      uncertainty: sigma * Math.sqrt(1 / w + sCovS / (w * w)),
      reviewCount: hi - lo,
      spread,
      disagreement: spread > opts.disagreementThreshold,
      group: group[ix.judge[lo]],
    };
  });
  const judges = ix.judgeIds.map((id, j) => ({
    id,
    offset: f.offset[j],
    scale: f.scale[j],
    reviewCount: ix.judgeCount[j],
    group: group[j],
  }));
  const groupCount = J === 0 ? 0 : Math.max(...group) + 1;
  return { proposals, judges, noiseSd: sigma, offsetPenalty: lambda, groupCount };
}

/**
 * P·C·P with P removing each group's mean: the posterior covariance of the offsets relative to
 * their group average. The average itself is pure prior (data cannot say whether a whole panel is
 * lenient), is fixed at 0 by the sum-to-zero convention, and shifts every proposal in the group
 * alike, so it does not belong in an uncertainty used to compare proposals.
 */
function withoutGroupLevels(c: Float64Array, group: Int32Array): Float64Array {
  const J = group.length;
  const size = new Float64Array(J);
  for (let j = 0; j < J; j++) size[group[j]]++;
  // Row means within the group (C is symmetric, so they are also the column means).
  const rowMean = new Float64Array(J);
  const groupMean = new Float64Array(J);
  for (let j = 0; j < J; j++) {
    for (let k = 0; k < J; k++) if (group[k] === group[j]) rowMean[j] += c[j * J + k];
    rowMean[j] /= size[group[j]];
    groupMean[group[j]] += rowMean[j] / size[group[j]];
  }
  const out = new Float64Array(J * J);
  for (let j = 0; j < J; j++) {
    for (let k = 0; k < J; k++) {
      out[j * J + k] =
        group[j] === group[k] ? c[j * J + k] - rowMean[j] - rowMean[k] + groupMean[group[j]] : c[j * J + k];
    }
  }
  return out;
}

/**
 * Residual variance with the noise prior: σ² = (ν₀σ₀² + RSS) / (ν₀ + R − df), where df counts
 * the fitted parameters: the qualities, the unshrunk share of the offsets (J − λ·tr A⁻¹) and,
 * approximately, Σ_j Σu²/(Σu² + μ) for the scales. The prior keeps σ sensible when R ≈ df, e.g.
 * one review per proposal, where every residual is zero.
 */
function noiseVariance(
  ix: Indexed,
  f: ReturnType<typeof fitModel>,
  covariance: Float64Array,
  lambda: number,
  mu: number,
  prior: { df: number; variance: number },
): number {
  const J = ix.judgeIds.length;
  let trace = 0;
  for (let j = 0; j < J; j++) trace += covariance[j * J + j];
  let df = ix.proposalIds.length + J - lambda * trace;
  if (Number.isFinite(mu)) {
    const suu = new Float64Array(J);
    for (let r = 0; r < ix.y.length; r++) suu[ix.judge[r]] += f.u[ix.prop[r]] ** 2;
    for (let j = 0; j < J; j++) df += suu[j] / (suu[j] + mu);
  }
  const rss = residualSumOfSquares(ix, f.u, f.offset, f.scale);
  return (prior.df * prior.variance + rss) / (prior.df + Math.max(0, ix.y.length - df));
}
