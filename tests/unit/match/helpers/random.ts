// Seeded random b-matching instances covering the awkward corners: weight ties, zero demands and
// capacities, isolated nodes, negative weights, and demand far beyond what capacity allows.
import type { MatchProblem } from "../../../../app/rules/match/types";

/** mulberry32: tiny seeded PRNG, uniform in [0, 1). */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomOptions {
  maxLeft?: number;
  maxRight?: number;
}

export function randomProblem(seed: number, opts: RandomOptions = {}): MatchProblem {
  const rnd = createRng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const nL = 1 + int(opts.maxLeft ?? 14);
  const nR = 1 + int(opts.maxRight ?? 10);
  const density = 0.1 + 0.9 * rnd();
  // Weight regimes: continuous, few distinct values (many ties), signed, tiny differences.
  const regime = int(5);
  const weight = (): number => {
    switch (regime) {
      case 0:
        return rnd();
      case 1:
        return int(3) / 2; // 0, 0.5, 1: heavy ties
      case 2:
        return rnd() * 2 - 1; // negative weights too
      case 3:
        return -rnd() * 5; // all negative: max weight alone would match nothing
      default:
        return 0.5 + int(4) * 1e-4; // near-ties
    }
  };
  // Demand regime: normal, starved (demand >> capacity), zeros sprinkled in.
  const starved = rnd() < 0.3;
  const left = Array.from({ length: nL }, (_, i) => ({
    id: `p${i}`,
    demand: rnd() < 0.1 ? 0 : starved ? 2 + int(6) : int(4),
  }));
  const right = Array.from({ length: nR }, (_, j) => ({
    id: `j${j}`,
    capacity: rnd() < 0.1 ? 0 : starved ? int(3) : int(6),
  }));
  const isolatedLeft = rnd() < 0.3 ? int(nL) : -1;
  const edges: MatchProblem["edges"] = [];
  for (let i = 0; i < nL; i++) {
    if (i === isolatedLeft) continue;
    for (let j = 0; j < nR; j++) {
      if (rnd() < density) edges.push({ left: `p${i}`, right: `j${j}`, weight: weight() });
    }
  }
  // Shuffle so input order carries no structure the solver might lean on.
  for (let k = edges.length - 1; k > 0; k--) {
    const r = int(k + 1);
    [edges[k], edges[r]] = [edges[r], edges[k]];
  }
  return { left, right, edges };
}
