// Simulated judging panels with known true quality, for measuring what calibration recovers.
import type { Review } from "../../../../app/rules/score/calibrate";
import { seededRandom } from "../../../../app/lib/seeded-random";

export interface PanelSpec {
  seed: number;
  proposals?: number;
  judges?: number;
  reviewsPerProposal?: number;
  /** Probability that an assigned review never arrives. */
  missingRate?: number;
  /** sd of judge leniency/harshness on the 0–5 scale. */
  offsetSd?: number;
  /** sd of log judge scale (how much of the 0–5 range a judge uses). */
  scaleSd?: number;
  /** sd of per-review noise. */
  noiseSd?: number;
}

export interface Panel {
  reviews: Review[];
  /** True quality of every proposal that received at least one review. */
  truth: Map<string, number>;
  offsets: Map<string, number>;
}

const clip = (v: number) => Math.min(5, Math.max(0, v));

export function simulatePanel(spec: PanelSpec): Panel {
  const {
    seed,
    proposals = 60,
    judges = 15,
    reviewsPerProposal = 3,
    missingRate = 0.1,
    offsetSd = 0.8,
    scaleSd = 0.25,
    noiseSd = 0.4,
  } = spec;
  const rng = seededRandom(seed);
  const judgeIds = Array.from({ length: judges }, (_, j) => `j${j + 1}`);
  const offsets = new Map(judgeIds.map((id) => [id, rng.normal(0, offsetSd)]));
  const scales = new Map(judgeIds.map((id) => [id, Math.exp(rng.normal(0, scaleSd))]));
  const reviews: Review[] = [];
  const truth = new Map<string, number>();
  for (let p = 0; p < proposals; p++) {
    const id = `p${p + 1}`;
    const quality = clip(rng.normal(2.5, 0.8));
    for (const judge of rng.shuffle(judgeIds).slice(0, reviewsPerProposal)) {
      if (rng.next() < missingRate) continue;
      const score = 2.5 + scales.get(judge)! * (quality - 2.5) + offsets.get(judge)! + rng.normal(0, noiseSd);
      reviews.push({ proposal: id, judge, score: clip(score) });
      truth.set(id, quality);
    }
  }
  return { reviews, truth, offsets };
}
