// Pure: how well a shortlisted proposal fits a sponsor, as a weighted mean of five factors in [0, 1],
// with each factor's share of the result so a pairing can be explained ("60% of this fit is the score").
// Text lists (themes, tags, needs, in-kind offers) compare case-insensitively and count each entry once:
// they are typed by people and "AI" and "ai" are the same preference.

export const FIT_FACTORS = ["score", "preferences", "needs", "readiness", "area"] as const;
export type FitFactor = (typeof FIT_FACTORS)[number];
export type FitWeights = Record<FitFactor, number>;
export type FitFactors = Record<FitFactor, number>;

export const DEFAULT_FIT_WEIGHTS: Readonly<FitWeights> = Object.freeze({ score: 0.4, preferences: 0.2, needs: 0.2, readiness: 0.1, area: 0.1 });

export interface PairingProposal {
  id: string;
  orgId: string;
  /** Calibrated judging score, 0–5; null when the proposal has none. */
  calibrated: number | null;
  /** Theme slug of the challenge the proposal answers. */
  theme: string;
  tags: readonly string[];
  /** Technology readiness level, 1–9. */
  trl: number | null;
  /** In-kind support the start-up needs (slugs). */
  needs: readonly string[];
  /** Areas of the challenge. */
  areaIds: readonly number[];
}

export interface PairingSponsor {
  id: string;
  orgId: string;
  capacity: number;
  inKind: readonly string[];
  prefThemes: readonly string[];
  prefTags: readonly string[];
  trlMin: number;
  trlMax: number;
  prefAreaIds: readonly number[];
  /** Organisations whose proposals this sponsor will not take. */
  excludedOrgIds: readonly string[];
}

export interface PairFit {
  fit: number;
  factors: FitFactors;
  /** weight × factor / fit: sums to 1, or all 0 when the fit is 0. */
  shares: FitFactors;
}

/** Scales weights to sum to 1. Throws a RangeError on a negative or non-finite weight, or all zero. */
export function normaliseWeights(weights: FitWeights): FitWeights {
  let sum = 0;
  for (const k of FIT_FACTORS) {
    const w = weights[k];
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) throw new RangeError(`fit weight "${k}" must be a finite number >= 0, got ${String(w)}`);
    sum += w;
  }
  if (sum === 0) throw new RangeError("fit weights must not all be zero");
  return mapFactors((k) => weights[k] / sum);
}

export function pairFit(proposal: PairingProposal, sponsor: PairingSponsor, weights: FitWeights = DEFAULT_FIT_WEIGHTS): PairFit {
  const w = normaliseWeights(weights);
  const factors = fitFactors(proposal, sponsor);
  // Each term is in [0, 1] and the weights sum to 1; the clamp only absorbs float rounding.
  const fit = clamp01(FIT_FACTORS.reduce((sum, k) => sum + w[k] * factors[k], 0));
  const shares = mapFactors((k) => (fit > 0 ? (w[k] * factors[k]) / fit : 0));
  return { fit, factors, shares };
}

export function fitFactors(proposal: PairingProposal, sponsor: PairingSponsor): FitFactors {
  const themes = lowerSet(sponsor.prefThemes);
  const themeMatch = themes.size === 0 || themes.has(proposal.theme.toLowerCase()) ? 1 : 0;
  return {
    // A missing (or corrupt) score counts as the lowest, not as average: unscored work should not outrank scored work.
    score: proposal.calibrated === null || !Number.isFinite(proposal.calibrated) ? 0 : clamp01(proposal.calibrated / 5),
    preferences: (themeMatch + coverage(sponsor.prefTags, proposal.tags)) / 2,
    needs: coverage(proposal.needs, sponsor.inKind),
    readiness: readiness(proposal.trl, sponsor.trlMin, sponsor.trlMax),
    area: sponsor.prefAreaIds.length === 0 || sponsor.prefAreaIds.some((a) => proposal.areaIds.includes(a)) ? 1 : 0,
  };
}

/** Share of the distinct entries of `wanted` found in `offered`; 1 when nothing is wanted. */
function coverage(wanted: readonly string[], offered: readonly string[]): number {
  const want = lowerSet(wanted);
  if (want.size === 0) return 1;
  const have = lowerSet(offered);
  let hits = 0;
  for (const x of want) if (have.has(x)) hits++;
  return hits / want.size;
}

/** 1 inside the sponsor's TRL band, losing a quarter per level outside it; 0.5 when the TRL is unknown (neither fit nor misfit). */
function readiness(trl: number | null, min: number, max: number): number {
  if (trl === null || !Number.isFinite(trl)) return 0.5;
  const distance = Math.max(0, min - trl, trl - max);
  return Math.max(0, 1 - distance / 4);
}

const lowerSet = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

function mapFactors(f: (k: FitFactor) => number): FitFactors {
  return { score: f("score"), preferences: f("preferences"), needs: f("needs"), readiness: f("readiness"), area: f("area") };
}
