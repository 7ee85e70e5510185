// Fitting machinery for calibrate.ts: indexing reviews, the exact penalised least-squares solves,
// and the REML choice of the offset penalty. See calibrate.ts for the model itself.
import { cholesky, choleskyLogDet, choleskySolve, zeros, type Matrix } from "./linalg";

export interface Review {
  proposal: string;
  judge: string;
  /** Weighted rubric total on 0–5. */
  score: number;
}

/** Reviews in canonical order with integer ids; the reviews of one proposal are contiguous. */
export interface Indexed {
  proposalIds: string[];
  judgeIds: string[];
  prop: Int32Array;
  judge: Int32Array;
  score: Float64Array;
  /** Scores minus their grand mean. */
  y: Float64Array;
  mean: number;
  /** Reviews of proposal p are [start[p], start[p + 1]). */
  start: Int32Array;
  judgeCount: Int32Array;
}

// Code-unit comparison: locale-independent, so the result is the same on every machine.
const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Sorting first makes every later floating-point sum independent of the input order. */
export function indexReviews(reviews: readonly Review[]): Indexed {
  const sorted = reviews.slice().sort((a, b) => compareIds(a.proposal, b.proposal) || compareIds(a.judge, b.judge));
  const judgeIds = [...new Set(sorted.map((r) => r.judge))].sort(compareIds);
  const judgeIndex = new Map(judgeIds.map((id, i) => [id, i]));
  const proposalIds: string[] = [];
  const n = sorted.length;
  const prop = new Int32Array(n);
  const judge = new Int32Array(n);
  const score = new Float64Array(n);
  const starts: number[] = [];
  const judgeCount = new Int32Array(judgeIds.length);
  let sum = 0;
  sorted.forEach((r, i) => {
    if (typeof r.score !== "number" || !Number.isFinite(r.score) || r.score < 0 || r.score > 5) {
      throw new RangeError(`score of ${r.proposal} by ${r.judge} must be a finite number in 0–5`);
    }
    const prev = sorted[i - 1];
    if (prev && prev.proposal === r.proposal && prev.judge === r.judge) {
      throw new RangeError(`duplicate review of ${r.proposal} by ${r.judge}`);
    }
    if (!prev || prev.proposal !== r.proposal) {
      proposalIds.push(r.proposal);
      starts.push(i);
    }
    prop[i] = proposalIds.length - 1;
    judge[i] = judgeIndex.get(r.judge)!;
    score[i] = r.score;
    sum += r.score;
    judgeCount[judge[i]]++;
  });
  starts.push(n);
  const mean = sum / n;
  const y = score.map((v) => v - mean);
  return { proposalIds, judgeIds, prop, judge, score, y, mean, start: Int32Array.from(starts), judgeCount };
}

export interface Solution {
  /** Quality minus the grand mean, per proposal. */
  u: Float64Array;
  offset: Float64Array;
  /** Cholesky factor of the offsets' Schur complement A; A⁻¹ = Cov(b)/σ². */
  factor: Matrix;
  /** Σ s_j² over each proposal's reviews (its "effective review count"). */
  weight: Float64Array;
}

/**
 * Exact minimiser of Σ (y − b_j − s_j u_p)² + λ Σ b_j² over (u, b) with scales s fixed.
 * Eliminating u_p = Σ s_j (y − b_j) / Σ s_j² leaves a judges × judges system A b = c, positive
 * definite because λ > 0: the penalty pins down every direction the data cannot (such as moving
 * a whole connected group of judges up and its proposals down).
 */
export function solveGivenScales(ix: Indexed, scale: Float64Array, lambda: number): Solution {
  const { y } = ix;
  const J = ix.judgeIds.length;
  const P = ix.proposalIds.length;
  const A = zeros(J);
  const c = new Float64Array(J);
  const weight = new Float64Array(P);
  const sumWY = new Float64Array(P);
  for (let j = 0; j < J; j++) A.data[j * J + j] = ix.judgeCount[j] + lambda;
  for (let p = 0; p < P; p++) {
    const lo = ix.start[p];
    const hi = ix.start[p + 1];
    for (let r = lo; r < hi; r++) {
      const w = scale[ix.judge[r]];
      weight[p] += w * w;
      sumWY[p] += w * y[r];
    }
    for (let r = lo; r < hi; r++) {
      const j = ix.judge[r];
      c[j] += y[r] - (scale[j] * sumWY[p]) / weight[p];
      for (let r2 = lo; r2 < hi; r2++) {
        A.data[j * J + ix.judge[r2]] -= (scale[j] * scale[ix.judge[r2]]) / weight[p];
      }
    }
  }
  const factor = cholesky(A);
  const offset = choleskySolve(factor, c);
  const u = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    let s = sumWY[p];
    for (let r = ix.start[p]; r < ix.start[p + 1]; r++) s -= scale[ix.judge[r]] * offset[ix.judge[r]];
    u[p] = s / weight[p];
  }
  return { u, offset, factor, weight };
}

export function residualSumOfSquares(ix: Indexed, u: Float64Array, offset: Float64Array, scale: Float64Array): number {
  let rss = 0;
  for (let r = 0; r < ix.y.length; r++) {
    const j = ix.judge[r];
    const e = ix.y[r] - offset[j] - scale[j] * u[ix.prop[r]];
    rss += e * e;
  }
  return rss;
}

/** Prior on the review-noise variance: ν₀ pseudo-reviews of variance σ₀². */
export interface NoisePrior {
  df: number;
  variance: number;
}

/**
 * −2 × restricted log-likelihood of the additive model as a function of λ, up to a constant.
 * Reading the offsets as random, b_j ~ N(0, σ²/λ), integrating out b and (flat) q, and profiling
 * σ² with its inverse-gamma prior gives
 *   (R − P + ν₀) log(ν₀σ₀² + RSS + λ‖b‖²) − J log λ + log det A.
 */
function remlCriterion(ix: Indexed, ones: Float64Array, lambda: number, prior: NoisePrior): number {
  const s = solveGivenScales(ix, ones, lambda);
  let bb = 0;
  for (const b of s.offset) bb += b * b;
  const penalised = prior.df * prior.variance + residualSumOfSquares(ix, s.u, s.offset, ones) + lambda * bb;
  const dof = ix.y.length - ix.proposalIds.length + prior.df;
  return dof * Math.log(penalised) - ix.judgeIds.length * Math.log(lambda) + choleskyLogDet(s.factor);
}

export const MIN_PENALTY = 1e-4;
export const MAX_PENALTY = 1e8;

/**
 * REML estimate of λ = σ²_noise / σ²_offset: a coarse scan over log λ (guards against a local
 * optimum), then golden-section refinement around the best grid point. When the judges show no
 * systematic bias the optimum is λ → ∞ (returned as MAX_PENALTY), i.e. no calibration at all.
 * Deterministic, and costs about 60 exact solves.
 */
export function estimateOffsetPenalty(ix: Indexed, prior: NoisePrior): number {
  const ones = new Float64Array(ix.judgeIds.length).fill(1);
  const f = (logLambda: number) => remlCriterion(ix, ones, Math.exp(logLambda), prior);
  const lo = Math.log(MIN_PENALTY);
  const hi = Math.log(MAX_PENALTY);
  const steps = 28;
  // Scan from the largest λ down and take a smaller one only for a real improvement: when the
  // criterion is flat (a single judge, say) the least intrusive calibration wins.
  const meaningful = 1e-8;
  let best = steps;
  let bestValue = Infinity;
  const grid: number[] = [];
  for (let i = 0; i <= steps; i++) grid.push(lo + ((hi - lo) * i) / steps);
  for (let i = steps; i >= 0; i--) {
    const v = f(grid[i]);
    if (v < bestValue - meaningful) {
      bestValue = v;
      best = i;
    }
  }
  let a = grid[Math.max(0, best - 1)];
  let b = grid[Math.min(steps, best + 1)];
  const ratio = (Math.sqrt(5) - 1) / 2;
  let x1 = b - ratio * (b - a);
  let x2 = a + ratio * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let it = 0; it < 30; it++) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - ratio * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + ratio * (b - a);
      f2 = f(x2);
    }
  }
  const [x, v] = f1 <= f2 ? [x1, f1] : [x2, f2];
  return Math.exp(v < bestValue - meaningful ? x : grid[best]);
}

/**
 * Connected groups of judges (judges linked by reviewing a common proposal), numbered in order of
 * their first judge id. Scores are only comparable within a group: the model cannot tell whether
 * one whole group is harsher than another, and assumes each group is unbiased on average.
 */
export function judgeGroups(ix: Indexed): Int32Array {
  const J = ix.judgeIds.length;
  const parent = Int32Array.from({ length: J }, (_, j) => j);
  const find = (j: number): number => {
    while (parent[j] !== j) {
      parent[j] = parent[parent[j]];
      j = parent[j];
    }
    return j;
  };
  for (let p = 0; p < ix.proposalIds.length; p++) {
    for (let r = ix.start[p] + 1; r < ix.start[p + 1]; r++) {
      const a = find(ix.judge[ix.start[p]]);
      const b = find(ix.judge[r]);
      // The smaller index becomes the root: deterministic numbering.
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const group = new Int32Array(J);
  const numbering = new Map<number, number>();
  for (let j = 0; j < J; j++) {
    const root = find(j);
    if (!numbering.has(root)) numbering.set(root, numbering.size);
    group[j] = numbering.get(root)!;
  }
  return group;
}

const MAX_ITERATIONS = 1000;
/** Convergence: largest change in any fitted quality, in score points. */
const TOLERANCE = 1e-10;
/** Scales stay positive: a higher score from any judge never means a worse proposal. */
const MIN_SCALE = 0.2;
const MAX_SCALE = 5;

/** Exact per-judge 2×2 ridge solve for s_j (with its own b_j) when the qualities are fixed. */
function scalesGivenQualities(ix: Indexed, u: Float64Array, lambda: number, mu: number): Float64Array {
  const J = ix.judgeIds.length;
  const su = new Float64Array(J);
  const suu = new Float64Array(J);
  const sy = new Float64Array(J);
  const suy = new Float64Array(J);
  for (let r = 0; r < ix.y.length; r++) {
    const j = ix.judge[r];
    const up = u[ix.prop[r]];
    su[j] += up;
    suu[j] += up * up;
    sy[j] += ix.y[r];
    suy[j] += up * ix.y[r];
  }
  const scale = new Float64Array(J);
  for (let j = 0; j < J; j++) {
    // [n+λ, Σu; Σu, Σu²+μ] [b; s] = [Σy; Σuy + μ]
    const a11 = ix.judgeCount[j] + lambda;
    const a22 = suu[j] + mu;
    const det = a11 * a22 - su[j] * su[j];
    scale[j] = clamp((a11 * (suy[j] + mu) - su[j] * sy[j]) / det, MIN_SCALE, MAX_SCALE);
  }
  return scale;
}

/**
 * Minimises the full objective with fixed λ and μ. With μ = ∞ (no scale term) it is one exact
 * solve; otherwise it alternates two exact block solves ((u, b) given s, then s given u), which
 * never increases the objective, until no quality moves by more than TOLERANCE.
 */
export function fitModel(ix: Indexed, lambda: number, mu: number): Solution & { scale: Float64Array } {
  let scale: Float64Array = new Float64Array(ix.judgeIds.length).fill(1);
  let solution = solveGivenScales(ix, scale, lambda);
  for (let it = 0; Number.isFinite(mu) && it < MAX_ITERATIONS; it++) {
    scale = scalesGivenQualities(ix, solution.u, lambda, mu);
    const next = solveGivenScales(ix, scale, lambda);
    let change = 0;
    for (let p = 0; p < next.u.length; p++) change = Math.max(change, Math.abs(next.u[p] - solution.u[p]));
    solution = next;
    if (change < TOLERANCE) break;
  }
  return { ...solution, scale };
}
