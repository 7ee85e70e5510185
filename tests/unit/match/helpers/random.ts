// Seeded random b-matching instances covering the awkward corners: weight ties, zero demands and
// capacities, isolated nodes, negative weights, and demand far beyond what capacity allows.
import { seededRandom } from "../../../../app/lib/seeded-random";
import type { MatchProblem } from "../../../../app/rules/match/types";

export interface RandomOptions {
  maxLeft?: number;
  maxRight?: number;
}

export function randomProblem(seed: number, opts: RandomOptions = {}): MatchProblem {
  const random = seededRandom(seed);
  const rnd = random.next;
  const int = random.below;
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
  return { left, right, edges: random.shuffle(edges) };
}
